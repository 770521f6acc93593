/**
 * The Beijing day on which the escalation job must next look at a case, so that the job reads
 * only the cases due by today instead of every open case. It mirrors the triggers of
 * `escalationStep` (acknowledgement overdue, resolution reminder, resolution overdue) and of
 * `recountDeadlines` (provisional deadlines, looked at on every run until they are final).
 */
import { DAY_MS, serviceDay } from '../service-day';
import { BEFORE_RESOLUTION } from './escalation';
import type { FollowUpCase } from './model';

/**
 * 1. A case past resolution, or whose review was found malicious on appeal, is never due.
 * 2. A case with provisional deadlines is due from its opening day on (every run checks whether
 *    its year's holiday schedule is now known).
 * 3. Otherwise the day of its earliest trigger still to come: the acknowledgement deadline while
 *    new and not yet flagged; the start of the resolution deadline's last day until the reminder
 *    went out, then the resolution deadline itself until it is flagged.
 * Returns undefined when the job has nothing left to do for the case.
 */
export function escalationDueDay(c: FollowUpCase): string | undefined {
  if (!BEFORE_RESOLUTION.has(c.status) || c.appeal?.status === 'upheld') return undefined;
  if (c.calendarProvisional) return serviceDay(new Date(c.openedAt));
  const triggers: number[] = [];
  if (c.status === 'new' && !c.ackOverdue) triggers.push(Date.parse(c.ackDueAt));
  if (!c.resolveOverdue) {
    const due = Date.parse(c.resolveDueAt);
    triggers.push(c.remindedAt ? due : due - DAY_MS);
  }
  if (triggers.length === 0) return undefined;
  return serviceDay(new Date(Math.min(...triggers)));
}
