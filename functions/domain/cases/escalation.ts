/**
 * What the scheduled job does to one open case at a given moment: mark overdue, escalate to
 * the parent unit (and one level further for each later escalation), remind before the deadline.
 * Pure, so that the job is a loop around it and tests need no clock.
 */
import type { Escalation, FollowUpCase, TimelineEvent } from './model';
import { SYSTEM_ACTOR } from './model';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The statuses in which a case still runs against its deadlines. */
export const BEFORE_RESOLUTION: ReadonlySet<string> = new Set([
  'new',
  'accepted',
  'in_progress',
  'transferred',
  'awaiting_coordination',
]);

/** The ancestor `levels` above the node at `path` (the root at most). */
export function ancestorOf(path: string, levels: number): string {
  const ids = path.split('/');
  return ids[Math.max(0, ids.length - 1 - levels)]!;
}

export interface EscalationStep {
  next: FollowUpCase;
  events: Omit<TimelineEvent, 'seq'>[];
  /** Who should be told: the handler (reminders) or the unit escalated to. */
  notify: { kind: 'reminder' | 'escalation'; orgId: string }[];
}

/**
 * 1. Acknowledgement overdue (still new after its deadline): flag it and escalate.
 * 2. Resolution overdue (not resolved after its deadline): flag it and escalate one level higher.
 * 3. Within the last day before the resolution deadline: remind the handler once.
 * Returns undefined when nothing changes.
 */
export function escalationStep(c: FollowUpCase, now: Date): EscalationStep | undefined {
  // A review found malicious on appeal needs no fix: the clock stops.
  if (!BEFORE_RESOLUTION.has(c.status) || c.appeal?.status === 'upheld') return undefined;
  const at = now.toISOString();
  const t = now.getTime();
  const events: EscalationStep['events'] = [];
  const notify: EscalationStep['notify'] = [];
  let next: FollowUpCase = c;
  const escalate = (reason: Escalation['reason']) => {
    const toId = ancestorOf(next.handlerOrgPath, next.escalations.length + 1);
    next = { ...next, escalations: [...next.escalations, { at, toId, reason }] };
    events.push({ caseId: c.id, at, actor: SYSTEM_ACTOR, type: 'escalate', data: { toId, reason } });
    notify.push({ kind: 'escalation', orgId: toId });
  };
  if (c.status === 'new' && !c.ackOverdue && t > Date.parse(c.ackDueAt)) {
    next = { ...next, ackOverdue: true };
    escalate('ack_overdue');
  }
  const due = Date.parse(c.resolveDueAt);
  if (!c.resolveOverdue && t > due) {
    next = { ...next, resolveOverdue: true };
    escalate('resolve_overdue');
  } else if (!c.remindedAt && t <= due && t >= due - DAY_MS) {
    next = { ...next, remindedAt: at };
    events.push({ caseId: c.id, at, actor: SYSTEM_ACTOR, type: 'remind', data: { dueAt: c.resolveDueAt } });
    notify.push({ kind: 'reminder', orgId: c.handlerOrgId });
  }
  if (events.length === 0) return undefined;
  return { next: { ...next, version: c.version + 1 }, events, notify };
}

/** True when a case is overdue now (flagged, or past a deadline the job has not yet seen). */
export function isOverdue(c: FollowUpCase, now: Date): boolean {
  if (c.appeal?.status === 'upheld') return false;
  if (c.ackOverdue || c.resolveOverdue) return true;
  const t = now.getTime();
  if (c.status === 'new' && t > Date.parse(c.ackDueAt)) return true;
  return BEFORE_RESOLUTION.has(c.status) && t > Date.parse(c.resolveDueAt);
}
