/** Reading cases: the inbox, one case with its timeline, the metrics of a subtree. */

import type { Principal } from '../../domain/access';
import { isOverdue } from '../../domain/cases/escalation';
import { type CaseMetrics, caseMetrics } from '../../domain/cases/metrics';
import type { CaseStatus, FollowUpCase } from '../../domain/cases/model';
import { allowedActions } from '../../domain/cases/state-machine';
import { ValidationError } from '../../domain/errors';
import { isWithin } from '../../domain/org';
import { addDays, serviceDay, serviceDayRange } from '../../domain/service-day';
import { type CaseDeps, casePaths, loadCaseInScope, loadNodeInScope } from './deps';

/** A contact past its expiry is treated as gone even before TTL removes it. */
export const contactAlive = (expiresAt: number | undefined, now: Date): boolean =>
  expiresAt === undefined || expiresAt * 1000 > now.getTime();

export interface InboxQuery {
  nodeId?: string;
  status?: CaseStatus;
  overdue?: boolean;
  from?: string;
  to?: string;
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

async function casesUnder(
  deps: CaseDeps,
  p: Principal,
  nodeId: string | undefined,
  from?: string,
  to?: string,
) {
  const node = await loadNodeInScope(deps, p, 'case:read', nodeId ?? p.scopeId);
  const { fromIso, toIso } = period(deps.clock.now(), from, to);
  const all = await deps.cases.listProvince(node.path.split('/')[0]!, fromIso, toIso);
  return all.filter((c) => casePaths(c).some((path) => isWithin({ path }, node.id)));
}

/**
 * The inbox: cases of a subtree (the caller's scope by default) in a period, newest first,
 * filtered by status and overdue, each with its overdue flag computed now.
 */
export async function listCases(deps: CaseDeps, p: Principal, q: InboxQuery) {
  const now = deps.clock.now();
  const cases = await casesUnder(deps, p, q.nodeId, q.from, q.to);
  const listed = cases
    .map((c) => ({ ...c, overdue: isOverdue(c, now) }))
    .filter((c) => (q.status ? c.status === q.status : true))
    .filter((c) => (q.overdue === undefined ? true : c.overdue === q.overdue))
    .sort((a, b) => (a.openedAt < b.openedAt ? 1 : -1));
  // The names of the units and handlers, read once for the whole list, so staff read names, not codes.
  const names = await deps.getNodes([...new Set(listed.flatMap((c) => [c.unitId, c.handlerOrgId]))]);
  return listed.map((c) => ({
    ...c,
    unitName: names.get(c.unitId)?.name,
    handlerOrgName: names.get(c.handlerOrgId)?.name,
  }));
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
  const cases: FollowUpCase[] = await casesUnder(deps, p, q.nodeId, q.from, q.to);
  return { nodeId: q.nodeId ?? p.scopeId, ...caseMetrics(cases) };
}
