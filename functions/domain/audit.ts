/** The audit trail: who changed what, when, with the values before and after. Append-only. */
import type { Principal } from './access';

export interface AuditEntry {
  id: string;
  at: string;
  actor: { userId: string; name: string; role: string };
  /** Verb, e.g. `org.rename`, `questionnaire.publish`, `qr.revoke`. */
  action: string;
  targetType: string;
  targetId: string;
  /** Org path the target belongs to, so auditors see their own subtree only. */
  targetPath: string;
  before?: unknown;
  after?: unknown;
}

/** Builds an entry for a write done by `p`. */
export function auditEntry(
  p: Principal,
  at: Date,
  id: string,
  e: Omit<AuditEntry, 'id' | 'at' | 'actor'>,
): AuditEntry {
  return { id, at: at.toISOString(), actor: { userId: p.userId, name: p.name, role: p.role }, ...e };
}
