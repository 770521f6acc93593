/**
 * The bilingual demo: Inner Mongolia (150000) → Ordos (鄂尔多斯市, 150600) → Dongsheng District
 * (东胜区, 150602), one unit with one window whose QR code opens the form in traditional Mongolian,
 * and a questionnaire carrying Chinese, Mongolian and English on every text. Kept apart from the
 * Hebei demo (its units, history and load tests) so that those figures do not change.
 */
import type { OrgNode } from '../../functions/domain/org';
import type { LocalizedText, QuestionnaireContent } from '../../functions/schemas/questionnaire';

const t = (zh: string, mn: string, en: string): LocalizedText => ({ 'zh-CN': zh, en, 'mn-Mong': mn });

export const ORDOS_QUESTIONNAIRE_ID = 'window-service-mn';
export const ORDOS_SERVICE_POINT_ID = '150602001-01';

/** The nodes, parents first (province, city, county, unit, window). */
export const ordosNodes: Omit<OrgNode, 'path' | 'active'>[] = [
  {
    id: '150000',
    kind: 'province',
    name: t('内蒙古自治区', 'ᠦᠪᠦᠷ ᠮᠣᠩᠭᠣᠯ ᠤᠨ ᠥᠪᠡᠷᠲᠡᠭᠡᠨ ᠵᠠᠰᠠᠬᠤ ᠣᠷᠣᠨ', 'Inner Mongolia Autonomous Region'),
  },
  { id: '150600', kind: 'city', parentId: '150000', name: t('鄂尔多斯市', 'ᠣᠷᠳᠣᠰ ᠬᠣᠲᠠ', 'Ordos') },
  {
    id: '150602',
    kind: 'county',
    parentId: '150600',
    name: t('东胜区', 'ᠳ᠋ᠦᠩᠱᠧᠩ ᠲᠣᠭᠣᠷᠢᠭ', 'Dongsheng District'),
  },
  {
    id: '150602001',
    kind: 'unit',
    parentId: '150602',
    unitType: 'police_station',
    name: t(
      '鄂尔多斯市公安局东胜区分局城区派出所',
      'ᠳ᠋ᠦᠩᠱᠧᠩ ᠲᠣᠭᠣᠷᠢᠭ ᠤᠨ ᠴᠠᠭᠳᠠᠭ᠎ᠠ ᠶᠢᠨ ᠬᠡᠰᠡᠭ',
      'Urban Police Station, Dongsheng Branch, Ordos PSB',
    ),
  },
  {
    id: ORDOS_SERVICE_POINT_ID,
    kind: 'servicePoint',
    parentId: '150602001',
    name: t('户籍窗口', 'ᠡᠷᠦᠬᠡ ᠪᠦᠷᠢᠳᠬᠡᠯ ᠦᠨ ᠴᠣᠩᠬᠣ', 'Household registration window'),
  },
];

/** Owned by the region (150000); the same indicators as the Hebei window questionnaire. */
export const ordosQuestionnaire: QuestionnaireContent = {
  title: t(
    '公安窗口服务满意度评价',
    'ᠴᠠᠭᠳᠠᠭ᠎ᠠ ᠶᠢᠨ ᠴᠣᠩᠬᠣ ᠶᠢᠨ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ ᠶᠢ ᠦᠨᠡᠯᠡᠬᠦ',
    'Police service window satisfaction survey',
  ),
  intro: t(
    '感谢您来办事！请花一分钟评价本次服务。评价匿名。',
    'ᠪᠠᠶᠠᠷᠯᠠᠯᠠ᠃ ᠡᠨᠡ ᠤᠳᠠᠭᠠᠨ ᠤ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ ᠶᠢ ᠦᠨᠡᠯᠡᠨ᠎ᠡ ᠦᠦ᠃ ᠦᠨᠡᠯᠡᠭᠡ ᠨᠡᠷ᠎ᠡ ᠦᠭᠡᠢ᠃',
    'Thank you for visiting. Please take a minute to rate this service. It is anonymous.',
  ),
  scoreMapping: [0, 30, 60, 80, 100],
  questions: [
    {
      type: 'satisfaction',
      id: 'q_overall',
      indicator: 'OVERALL',
      required: true,
      text: t(
        '您对本次办事的总体评价',
        'ᠡᠨᠡ ᠤᠳᠠᠭᠠᠨ ᠤ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ ᠳᠦ ᠶᠡᠷᠦᠩᠬᠡᠢ ᠦᠨᠡᠯᠡᠭᠡ',
        'Overall, how satisfied are you with this visit?',
      ),
    },
    {
      type: 'satisfaction',
      id: 'q_attitude',
      indicator: 'ATTITUDE',
      required: true,
      text: t('工作人员的服务态度', 'ᠠᠵᠢᠯᠲᠠᠨ ᠤ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ ᠶᠢᠨ ᠬᠠᠨᠳᠤᠯᠭ᠎ᠠ', 'The staff’s attitude'),
    },
    {
      type: 'satisfaction',
      id: 'q_efficiency',
      indicator: 'EFFICIENCY',
      required: true,
      text: t(
        '办事效率（等候和办理时间）',
        'ᠬᠡᠷᠡᠭ ᠪᠡᠷ ᠢ ᠪᠦᠲᠦᠭᠡᠬᠦ ᠦᠷ᠎ᠡ ᠪᠦᠲᠦᠮᠵᠢ',
        'Efficiency (waiting and processing time)',
      ),
    },
    {
      type: 'single',
      id: 'q_business',
      indicator: 'BUSINESS_TYPE',
      required: false,
      text: t('您今天办理的业务', 'ᠲᠠ ᠥᠨᠥᠳᠥᠷ ᠶᠠᠮᠠᠷ ᠬᠡᠷᠡᠭ ᠪᠡᠷ ᠢᠷᠡᠪᠡ', 'What did you come for today?'),
      options: [
        { id: 'household', text: t('户籍业务', 'ᠡᠷᠦᠬᠡ ᠪᠦᠷᠢᠳᠬᠡᠯ', 'Household registration') },
        { id: 'id_card', text: t('身份证业务', 'ᠪᠡᠶ᠎ᠡ ᠶᠢᠨ ᠦᠨᠡᠮᠯᠡᠯ', 'Identity card') },
        { id: 'other', text: t('其他', 'ᠪᠤᠰᠤᠳ', 'Other') },
      ],
    },
    {
      type: 'text',
      id: 'q_suggestion',
      indicator: 'SUGGESTION',
      required: false,
      maxLength: 500,
      text: t('意见和建议', 'ᠰᠠᠨᠠᠯ ᠵᠥᠪᠯᠡᠯᠭᠡ', 'Comments and suggestions'),
    },
  ],
};
