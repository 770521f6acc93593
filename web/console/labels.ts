/** Labels keyed by domain values. */
import type { MessageKey } from './i18n';

/** The five satisfaction levels, 5 = 非常满意 … 1 = 非常不满意. */
export const SATISFACTION_LABEL_KEYS: Record<number, MessageKey> = {
  5: 'lvl5',
  4: 'lvl4',
  3: 'lvl3',
  2: 'lvl2',
  1: 'lvl1',
};
