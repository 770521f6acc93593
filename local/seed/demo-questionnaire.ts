/** The demo questionnaire for a police service window (one of every question type). */
import type { LocalizedText, QuestionnaireContent } from '../../functions/schemas/questionnaire';

const t = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });

export const DEMO_QUESTIONNAIRE_ID = 'window-service';

export const demoQuestionnaire: QuestionnaireContent = {
  title: t('公安窗口服务满意度评价', 'Police service window satisfaction survey'),
  intro: t(
    '感谢您来办事！请花一分钟评价本次服务。评价匿名，不会影响您的业务办理。',
    'Thank you for visiting. Please take a minute to rate this service. It is anonymous and does not affect your business.',
  ),
  scoreMapping: [0, 30, 60, 80, 100],
  questions: [
    {
      type: 'satisfaction',
      id: 'q_overall',
      indicator: 'OVERALL',
      required: true,
      text: t('您对本次办事的总体评价', 'Overall, how satisfied are you with this visit?'),
    },
    {
      type: 'satisfaction',
      id: 'q_attitude',
      indicator: 'ATTITUDE',
      required: true,
      text: t('工作人员的服务态度', 'The staff’s attitude'),
    },
    {
      type: 'satisfaction',
      id: 'q_efficiency',
      indicator: 'EFFICIENCY',
      required: true,
      text: t('办事效率（等候和办理时间）', 'Efficiency (waiting and processing time)'),
    },
    {
      type: 'satisfaction',
      id: 'q_transparency',
      indicator: 'TRANSPARENCY',
      required: true,
      text: t('办事流程和收费标准公开透明', 'Procedures and fees are clear and public'),
    },
    {
      type: 'satisfaction',
      id: 'q_safety',
      indicator: 'SAFETY',
      required: true,
      text: t('您在本地生活的安全感', 'How safe you feel living here'),
    },
    {
      type: 'single',
      id: 'q_business',
      indicator: 'BUSINESS_TYPE',
      required: false,
      text: t('您今天办理的业务', 'What did you come for today?'),
      options: [
        { id: 'household', text: t('户籍业务', 'Household registration') },
        { id: 'exit_entry', text: t('出入境业务', 'Exit and entry') },
        { id: 'vehicle', text: t('车驾管业务', 'Vehicles and licences') },
        { id: 'violation', text: t('交通违法处理', 'Traffic violations') },
        { id: 'other', text: t('其他', 'Other') },
      ],
    },
    {
      type: 'multiple',
      id: 'q_problems',
      indicator: 'PROBLEMS',
      required: false,
      maxSelections: 5,
      text: t('您遇到了哪些问题？（可多选）', 'Did you meet any of these problems? (choose any)'),
      options: [
        { id: 'long_wait', text: t('等候时间长', 'Long wait') },
        { id: 'repeat_visits', text: t('需要多次跑腿', 'Had to come back several times') },
        { id: 'unclear_docs', text: t('材料要求不清楚', 'Unclear document requirements') },
        { id: 'rude', text: t('态度生硬', 'Rude manner') },
        { id: 'improper_fees', text: t('乱收费或吃拿卡要', 'Improper fees or favours asked') },
      ],
    },
    {
      type: 'scale',
      id: 'q_recommend',
      indicator: 'RECOMMEND',
      required: false,
      text: t(
        '您向亲友推荐来这里办事的可能性有多大？',
        'How likely are you to recommend this office to friends?',
      ),
      minLabel: t('完全不可能', 'Not at all likely'),
      maxLabel: t('非常可能', 'Extremely likely'),
    },
    {
      type: 'text',
      id: 'q_suggestion',
      indicator: 'SUGGESTION',
      required: false,
      maxLength: 500,
      text: t('意见和建议', 'Comments and suggestions'),
    },
  ],
};
