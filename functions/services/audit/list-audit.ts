/** Use case: an auditor or admin reads the audit trail of their subtree, a page at a time. */
import { type Principal, requireAction } from '../../domain/access';
import type { AuditEntry } from '../../domain/audit';
import { ValidationError } from '../../domain/errors';
import { redactForViewer } from '../../domain/integrity/visibility';
import { addDays } from '../../domain/service-day';
import {
  decodeInstantCursor,
  encodeInstantCursor,
  type InstantPosition,
  queryFingerprint,
} from '../cursor-codec';

/** Where a page ended: the last entry it returned. */
export type AuditPosition = InstantPosition;

export interface AuditPage {
  entries: AuditEntry[];
  /** True when at least one more entry follows the page. */
  more: boolean;
}

export interface AuditReader {
  listPage(
    days: readonly string[],
    pathPrefix: string,
    page: { limit: number; after?: AuditPosition },
  ): Promise<AuditPage>;
}

const MAX_DAYS = 92;

/** Service days from `from` to `to`, newest first (at most one more than the limit, to detect it). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = to; d >= from && out.length <= MAX_DAYS; d = addDays(d, -1)) out.push(d);
  return out;
}

/**
 * 1. Requires `audit:read`.
 * 2. Checks the period (1–92 days) and, if given, that the cursor belongs to this very period.
 * 3. Reads the days newest first, keeping entries whose target lies in the principal's subtree
 *    (enforced in the query itself), from where the cursor says the previous page ended.
 * 4. Takes the integrity settings the caller may not see out of each entry's before and after.
 * 5. Returns one page, and a cursor when more entries follow: nothing is cut off silently.
 */
export async function listAudit(
  reader: AuditReader,
  p: Principal,
  q: { from: string; to: string; cursor?: string; limit: number },
): Promise<{ entries: AuditEntry[]; nextCursor?: string }> {
  requireAction(p, 'audit:read');
  const days = daysBetween(q.from, q.to);
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
  const fingerprint = queryFingerprint({ from: q.from, to: q.to });
  const after = q.cursor === undefined ? undefined : decodeInstantCursor(q.cursor, fingerprint);
  const page = await reader.listPage(days, p.scopePath, { limit: q.limit, after });
  const entries = page.entries.map((e) => redactForViewer(p, e));
  const last = page.entries.at(-1);
  if (!page.more || !last) return { entries };
  return {
    entries,
    nextCursor: encodeInstantCursor(fingerprint, last),
  };
}
