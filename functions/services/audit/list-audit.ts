/** Use case: an auditor or admin reads the audit trail of their subtree. */
import { type Principal, requireAction } from '../../domain/access';
import type { AuditEntry } from '../../domain/audit';
import { ValidationError } from '../../domain/errors';

export interface AuditReader {
  list(days: readonly string[], pathPrefix: string, limit?: number): Promise<AuditEntry[]>;
}

const MAX_DAYS = 92;

/** Service days from `from` to `to`, newest first. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (
    let d = new Date(`${to}T00:00:00Z`);
    d >= new Date(`${from}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 1)
  ) {
    out.push(d.toISOString().slice(0, 10));
    if (out.length > MAX_DAYS) break;
  }
  return out;
}

/**
 * 1. Requires `audit:read`.
 * 2. Reads the days of the period (at most one quarter), newest first.
 * 3. Keeps entries whose target lies in the principal's subtree (enforced in the query itself).
 */
export async function listAudit(reader: AuditReader, p: Principal, from: string, to: string) {
  requireAction(p, 'audit:read');
  const days = daysBetween(from, to);
  if (days.length === 0 || days.length > MAX_DAYS) {
    throw new ValidationError([
      {
        field: 'from',
        code: 'out_of_range',
        message: '时间范围须在 1–92 天之间',
        messageEn: 'The period must span 1–92 days',
      },
    ]);
  }
  return { entries: await reader.list(days, p.scopePath) };
}
