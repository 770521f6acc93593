/** Reading cases: the inbox, one case with its timeline, the metrics of a subtree. */

import type { Principal } from '../../domain/access';
import { isOverdue } from '../../domain/cases/escalation';
import { casePaths } from '../../domain/cases/inbox';
import { type CaseMetrics, caseMetrics } from '../../domain/cases/metrics';
import type { CaseStatus, FollowUpCase } from '../../domain/cases/model';
import { allowedActions } from '../../domain/cases/state-machine';
import { ValidationError } from '../../domain/errors';
import { isWithin } from '../../domain/org';
import { addDays, serviceDay, serviceDayRange } from '../../domain/service-day';
import { decodeOpaqueCursor, encodeOpaqueCursor, invalidCursor, queryFingerprint } from '../cursor-codec';
import { type CaseDeps, loadCaseInScope, loadNodeInScope } from './deps';

/** A contact past its expiry is treated as gone even before TTL removes it. */
export const contactAlive = (expiresAt: number | undefined, now: Date): boolean =>
  expiresAt === undefined || expiresAt * 1000 > now.getTime();

export interface InboxQuery {
  nodeId?: string;
  status?: CaseStatus;
  overdue?: boolean;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

/**
 * The period of a listing as ISO instants bounding Beijing service days (default: the last 90
 * days up to now); an inverted one is the caller's mistake (400), not a database error.
 */
function period(now: Date, from?: string, to?: string) {
  if (from && to && from > to) {
    throw new ValidationError([
      { field: 'from', code: 'out_of_range', message: '开始日期晚于结束日期', messageEn: 'from is after to' },
    ]);
  }
  const firstDay = from ?? addDays(serviceDay(now), -90);
  return {
    fromIso: serviceDayRange(firstDay, firstDay).since,
    toIso: to ? serviceDayRange(to, to).last : now.toISOString(),
  };
}

/** The node whose inbox is read (the caller's scope by default), checked in scope, and the period. */
async function inboxOf(deps: CaseDeps, p: Principal, q: { nodeId?: string; from?: string; to?: string }) {
  const node = await loadNodeInScope(deps, p, 'case:read', q.nodeId ?? p.scopeId);
  return { node, range: period(deps.clock.now(), q.from, q.to) };
}

/** Where an inbox page ended: the sort key of its last row (`<openedAt>#<caseId>`). */
const INBOX_POSITION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[A-Za-z0-9_.-]{1,100}$/;

function decodeInboxCursor(cursor: string, fingerprint: string): string {
  const body = decodeOpaqueCursor(cursor, 1, fingerprint);
  if (typeof body.k !== 'string' || !INBOX_POSITION.test(body.k)) throw invalidCursor();
  return body.k;
}

/**
 * The inbox: cases of a subtree (the caller's scope by default) and those handed to it, opened
 * in a period (Beijing days), newest first, a page at a time.
 * 1. Checks the node is in the caller's scope and the period.
 * 2. Reads one page of the node's inbox rows (one Query), from where the cursor says the previous
 *    page ended, filtered by status in the query.
 * 3. Computes each case's overdue flag now and keeps those asked for (a page may come out short).
 * 4. Adds the names of the units and handlers, and a cursor when more rows may follow.
 */
export async function listCases(deps: CaseDeps, p: Principal, q: InboxQuery) {
  const now = deps.clock.now();
  const { node, range } = await inboxOf(deps, p, q);
  const fingerprint = queryFingerprint({
    nodeId: node.id,
    status: q.status,
    overdue: q.overdue,
    from: q.from,
    to: q.to,
  });
  const after = q.cursor === undefined ? undefined : decodeInboxCursor(q.cursor, fingerprint);
  const page = await deps.cases.inboxPage(node.id, range, { limit: q.limit ?? 50, status: q.status, after });
  const listed = page.cases
    .filter((c) => casePaths(c).some((path) => isWithin({ path }, node.id)))
    .map((c) => ({ ...c, overdue: isOverdue(c, now) }))
    .filter((c) => (q.overdue === undefined ? true : c.overdue === q.overdue));
  // The names of the units and handlers, read once for the page, so staff read names, not codes.
  const names = await deps.getNodes([...new Set(listed.flatMap((c) => [c.unitId, c.handlerOrgId]))]);
  return {
    items: listed.map((c) => ({
      ...c,
      unitName: names.get(c.unitId)?.name,
      handlerOrgName: names.get(c.handlerOrgId)?.name,
    })),
    ...(page.last ? { nextCursor: encodeOpaqueCursor({ v: 1, f: fingerprint, k: page.last }) } : {}),
  };
}

/** One case: its timeline, the actions its state allows, the masked phone (never the number). */
export async function getCase(deps: CaseDeps, p: Principal, caseId: string) {
  await loadCaseInScope(deps, p, 'case:read', caseId);
  const d = (await deps.cases.detail(caseId))!;
  const now = deps.clock.now();
  const contact =
    d.contact && contactAlive(d.contact.expiresAt, now)
      ? { masked: d.contact.masked, consentVersion: d.contact.consentVersion }
      : undefined;
  return {
    case: { ...d.case, overdue: isOverdue(d.case, now) },
    timeline: d.events.sort((a, b) => a.seq - b.seq),
    allowedActions: allowedActions(d.case),
    contact,
    canRevealContact: contact !== undefined && d.case.handlerUserId === p.userId,
    appeal: d.appeal,
  };
}

/** Metrics of a subtree over a period, with the closed-loop rate. */
export async function getCaseMetrics(
  deps: CaseDeps,
  p: Principal,
  q: { nodeId?: string; from?: string; to?: string },
): Promise<CaseMetrics & { nodeId: string }> {
  const { node, range } = await inboxOf(deps, p, q);
  const cases: FollowUpCase[] = await deps.cases.inbox(node.id, range);
  return { nodeId: q.nodeId ?? p.scopeId, ...caseMetrics(cases) };
}
