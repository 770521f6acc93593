/**
 * Realistic SurveyJS JSON files (as exported by SurveyJS Creator), for the import tests.
 * Shared with test/integration/console-questionnaires.test.ts.
 */

/** A police window survey using only the common subset, with localized texts. */
export const windowSurvey = {
  locale: 'zh-cn',
  title: { default: 'Police window satisfaction', 'zh-cn': '公安窗口服务满意度调查' },
  description: { default: 'It takes one minute.', 'zh-cn': '只需一分钟，评价匿名。' },
  logoPosition: 'right',
  pages: [
    {
      name: 'page1',
      elements: [
        {
          type: 'rating',
          name: 'overallSatisfaction',
          title: { default: 'Overall, how satisfied are you?', 'zh-cn': '您对本次办事的总体评价' },
          isRequired: true,
          rateType: 'smileys',
          rateCount: 5,
          rateMax: 5,
        },
        {
          type: 'rating',
          name: 'staff-attitude',
          title: { default: 'Staff attitude', zh: '工作人员的服务态度' },
          isRequired: true,
          indicator: 'ATTITUDE',
          rateValues: [
            { value: 1, text: '非常不满意' },
            { value: 2, text: '不满意' },
            { value: 3, text: '基本满意' },
            { value: 4, text: '满意' },
            { value: 5, text: '非常满意' },
          ],
        },
        {
          type: 'rating',
          name: 'recommend',
          title: { default: 'Would you recommend us?', 'zh-cn': '您会向亲友推荐吗？' },
          rateMin: 0,
          rateMax: 10,
          minRateDescription: { default: 'Not at all', 'zh-cn': '完全不会' },
          maxRateDescription: { default: 'Certainly', 'zh-cn': '一定会' },
        },
      ],
    },
    {
      name: 'page2',
      elements: [
        {
          type: 'radiogroup',
          name: 'business',
          title: { default: 'What did you come for?', 'zh-cn': '您今天办理的业务' },
          choices: [
            { value: 'household', text: { default: 'Household registration', 'zh-cn': '户籍业务' } },
            { value: 'vehicle', text: { default: 'Vehicles', 'zh-cn': '车驾管业务' } },
            { value: 'other', text: { default: 'Other', 'zh-cn': '其他' } },
          ],
          colCount: 1,
        },
        {
          type: 'checkbox',
          name: 'problems',
          title: { default: 'Any problems?', 'zh-cn': '您遇到了哪些问题？' },
          choices: [
            { value: 'long_wait', text: { default: 'Long wait', 'zh-cn': '等候时间长' } },
            { value: 'repeat-visits', text: { default: 'Came back again', 'zh-cn': '需要多次跑腿' } },
            { value: 'rude', text: { default: 'Rude', 'zh-cn': '态度生硬' } },
          ],
          maxSelectedChoices: 2,
        },
        {
          type: 'comment',
          name: 'suggestion',
          title: { default: 'Suggestions', 'zh-cn': '您的意见和建议' },
          maxLength: 300,
        },
        {
          type: 'text',
          name: 'where',
          title: { default: 'Which window?', 'zh-cn': '办理窗口' },
          maxLength: 20,
        },
      ],
    },
  ],
  showQuestionNumbers: 'off',
};

/** A survey with features outside the common subset, in several places. */
export const unmappableSurvey = {
  title: '群众满意度',
  triggers: [{ type: 'complete', expression: '{overall} = 1' }],
  pages: [
    {
      name: 'p1',
      elements: [
        { type: 'rating', name: 'overall', title: '总体评价', rateMax: 5 },
        {
          type: 'matrix',
          name: 'aspects',
          title: '各方面评价',
          columns: ['好', '差'],
          rows: ['态度', '效率'],
        },
        { type: 'rating', name: 'stars7', title: '七星评分', rateMax: 7 },
        {
          type: 'radiogroup',
          name: 'business',
          title: '业务类型',
          choices: ['户籍', '车驾管'],
          showOtherItem: true,
        },
        { type: 'comment', name: 'why', title: '原因', visibleIf: '{overall} < 3' },
        { type: 'text', name: 'phone', title: '联系电话', inputType: 'tel' },
      ],
    },
    { name: 'p2', elements: [{ type: 'file', name: 'photo', title: '上传照片' }] },
  ],
};

/** Not a survey: pages is an object and an element has no type. */
export const malformedSurvey = {
  title: '坏文件',
  pages: { name: 'p1', elements: [] },
  elements: [{ name: 'noType', title: '没有题型' }],
};
