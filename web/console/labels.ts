/** Labels keyed by domain values. */
import type { MessageKey } from './i18n';
import type { LocalizedText } from './types';

/** The five satisfaction levels, 5 = 非常满意 … 1 = 非常不满意. */
export const SATISFACTION_LABEL_KEYS: Record<number, MessageKey> = {
  5: 'lvl5',
  4: 'lvl4',
  3: 'lvl3',
  2: 'lvl2',
  1: 'lvl1',
};

/** Staff roles as people name them. */
export const ROLE_LABELS: Record<string, LocalizedText> = {
  province_admin: { 'zh-CN': '省厅管理员', en: 'Province administrator' },
  city_admin: { 'zh-CN': '市局管理员', en: 'City administrator' },
  county_admin: { 'zh-CN': '县局管理员', en: 'County administrator' },
  unit_staff: { 'zh-CN': '基层单位民警', en: 'Unit staff' },
  agency_analyst: { 'zh-CN': '第三方测评机构分析员', en: 'Survey agency analyst' },
  auditor: { 'zh-CN': '审计员', en: 'Auditor' },
};
