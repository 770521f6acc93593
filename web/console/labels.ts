/** Labels keyed by domain values. */
import { ROLE_LABELS } from '../../functions/domain/access';
import { AUDIT_ACTION_LABELS, AUDIT_TARGET_LABELS } from '../../functions/domain/audit';
import { type MessageKey, pick } from './i18n';
import type { LocalizedText } from './types';

/** The five satisfaction levels, 5 = 非常满意 … 1 = 非常不满意. */
export const SATISFACTION_LABEL_KEYS: Record<number, MessageKey> = {
  5: 'lvl5',
  4: 'lvl4',
  3: 'lvl3',
  2: 'lvl2',
  1: 'lvl1',
};

/** A staff role as people name it, in the console's language (the role code if unknown). */
export const roleLabel = (role: string): string =>
  pick((ROLE_LABELS as Record<string, LocalizedText | undefined>)[role]) || role;

/** An audited action as people name it (the action code if unknown). */
export const auditActionLabel = (action: string): string => pick(AUDIT_ACTION_LABELS[action]) || action;

/** A kind of audited target as people name it (the type code if unknown). */
export const auditTargetLabel = (type: string): string => pick(AUDIT_TARGET_LABELS[type]) || type;
