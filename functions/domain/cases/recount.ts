/**
 * Recounting provisional deadlines. A case opened before the State Council published a year's
 * holiday schedule has deadlines counted on the statutory rules alone (`calendarProvisional`).
 * Once the schedule is configured (HOLIDAY_CALENDAR, or a newer chinese-workday), the scheduled
 * job counts them again on the same working days from the same opening date. Pure: the job
 * passes the calendar and the clock.
 */
import { serviceDay } from '../service-day';
import { caseDeadlines, type DeadlinePolicy } from './deadlines';
import { BEFORE_RESOLUTION } from './escalation';
import type { FollowUpCase, TimelineEvent } from './model';
import { SYSTEM_ACTOR } from './model';
import type { WorkingCalendar } from './working-calendar';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface Recount {
  /** The case with its deadlines counted again (version unchanged: the caller saves it once). */
  next: FollowUpCase;
  event: Omit<TimelineEvent, 'seq'>;
}

/**
 * 1. Only an open case before resolution whose deadlines are provisional is recounted.
 * 2. Its deadlines are counted again from `openedAt`, with the working days it was opened with
 *    (`policy` only for cases stored before those were kept).
 * 3. A deadline already reached stays as it was: it has been acted on (flagged, escalated). One
 *    still ahead takes the new date, even an earlier one (a make-up working Saturday); the
 *    escalation step then sees it like any other.
 * 4. A reminder already sent is sent again when the resolution deadline moved more than a day away.
 * 5. The flag stays only while a year counted through is still unpublished.
 * Returns undefined when nothing would change.
 */
export function recountDeadlines(
  c: FollowUpCase,
  policy: DeadlinePolicy,
  calendar: WorkingCalendar | undefined,
  now: Date,
): Recount | undefined {
  if (!c.calendarProvisional || !BEFORE_RESOLUTION.has(c.status)) return undefined;
  const fresh = caseDeadlines(new Date(c.openedAt), c.workingDays ?? policy, calendar);
  const t = now.getTime();
  const ahead = (due: string) => Date.parse(due) >= t;
  const ackDueAt = ahead(c.ackDueAt) ? fresh.ackDueAt : c.ackDueAt;
  const resolveDueAt = ahead(c.resolveDueAt) ? fresh.resolveDueAt : c.resolveDueAt;
  const provisional = fresh.calendarProvisional === true;
  if (ackDueAt === c.ackDueAt && resolveDueAt === c.resolveDueAt && provisional) return undefined;

  const { calendarProvisional: _was, remindedAt, ...rest } = c;
  const remindAgain = resolveDueAt !== c.resolveDueAt && Date.parse(resolveDueAt) - t > DAY_MS;
  const next: FollowUpCase = {
    ...rest,
    ackDueAt,
    resolveDueAt,
    ...(provisional ? { calendarProvisional: true } : {}),
    ...(remindedAt && !remindAgain ? { remindedAt } : {}),
  };
  const moved = (from: string, to: string) => (from === to ? undefined : { from, to });
  // A deadline is the end of its Beijing day: the day is the one of the instant just before.
  const day = (iso: string) => serviceDay(new Date(Date.parse(iso) - 1));
  const note = [
    ackDueAt !== c.ackDueAt && `受理期限 Acknowledge by ${day(c.ackDueAt)} → ${day(ackDueAt)}`,
    resolveDueAt !== c.resolveDueAt && `办结期限 Resolve by ${day(c.resolveDueAt)} → ${day(resolveDueAt)}`,
    provisional ? '仍为暂定 still provisional' : '已为正式 now final',
  ]
    .filter(Boolean)
    .join('；');
  return {
    next,
    event: {
      caseId: c.id,
      at: now.toISOString(),
      actor: SYSTEM_ACTOR,
      type: 'deadlines_recounted',
      note,
      data: {
        ...(moved(c.ackDueAt, ackDueAt) && { ackDueAt: moved(c.ackDueAt, ackDueAt) }),
        ...(moved(c.resolveDueAt, resolveDueAt) && { resolveDueAt: moved(c.resolveDueAt, resolveDueAt) }),
        calendarProvisional: provisional,
      },
    },
  };
}
