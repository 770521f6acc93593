/**
 * Deadlines in working days on the Chinese calendar (statutory holidays and make-up working
 * days: a configured supplement, else `chinese-workday`, else the statutory rules; see
 * working-calendar.ts), counted on Beijing dates. A deadline falls at the end of its working day
 * (24:00 Beijing time). A deadline counted through a year whose official schedule is not known
 * yet is marked provisional: it may move when the State Council publishes that year.
 */
import { addDays, serviceDay, serviceDayEnd } from '../service-day';
import { createWorkingCalendar, type WorkingCalendar } from './working-calendar';

/** Per-province deadline policy: acknowledge within `ackWorkingDays`, resolve within `resolveWorkingDays`. */
export interface DeadlinePolicy {
  ackWorkingDays: number;
  /** 5, 7 and 15 are all used in practice. */
  resolveWorkingDays: number;
}

export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = { ackWorkingDays: 1, resolveWorkingDays: 7 };

/** Province id → overrides; provinces not listed use the default. */
export type DeadlinePolicies = {
  default: DeadlinePolicy;
  byProvince?: Record<string, Partial<DeadlinePolicy>>;
};

/** The policy of the province at the root of `path`. */
export function policyFor(policies: DeadlinePolicies, path: string): DeadlinePolicy {
  const province = path.split('/')[0]!;
  return { ...policies.default, ...policies.byProvince?.[province] };
}

/** The calendar without a supplement: the package, then the statutory rules. */
export const defaultWorkingCalendar: WorkingCalendar = createWorkingCalendar();

/** True when the Beijing date `day` (YYYY-MM-DD) is a working day, make-up Saturdays included. */
export const isWorkingDay = (day: string, calendar: WorkingCalendar = defaultWorkingCalendar): boolean =>
  calendar.isWorkingDay(day);

/** The `n`-th working day strictly after `day` (n ≥ 1). */
export function addWorkingDays(
  day: string,
  n: number,
  calendar: WorkingCalendar = defaultWorkingCalendar,
): string {
  let d = day;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (calendar.isWorkingDay(d)) left--;
  }
  return d;
}

/** True when any year from `from` to `to` (dates, inclusive) is counted on the statutory rules alone. */
function crossesProvisionalYear(from: string, to: string, calendar: WorkingCalendar): boolean {
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    if (calendar.isProvisional(`${y}-01-01`)) return true;
  }
  return false;
}

/** A case's deadlines; `calendarProvisional` when they were counted through a provisional year. */
export interface CaseDeadlines {
  ackDueAt: string;
  resolveDueAt: string;
  calendarProvisional?: true;
}

/** Acknowledge and resolve deadlines of a case opened at `openedAt`. */
export function caseDeadlines(
  openedAt: Date,
  policy: DeadlinePolicy,
  calendar: WorkingCalendar = defaultWorkingCalendar,
): CaseDeadlines {
  const day = serviceDay(openedAt);
  const ackDay = addWorkingDays(day, policy.ackWorkingDays, calendar);
  const resolveDay = addWorkingDays(day, policy.resolveWorkingDays, calendar);
  // Dates as text: the later of the two in ISO order.
  const last = [ackDay, resolveDay].sort()[1]!;
  return {
    ackDueAt: serviceDayEnd(ackDay),
    resolveDueAt: serviceDayEnd(resolveDay),
    ...(crossesProvisionalYear(day, last, calendar) ? { calendarProvisional: true as const } : {}),
  };
}

/** Working days from the Beijing date of `from` to that of `to` (0 on the same day; whole days). */
export function workingDaysBetween(
  from: Date,
  to: Date,
  calendar: WorkingCalendar = defaultWorkingCalendar,
): number {
  let d = serviceDay(from);
  const end = serviceDay(to);
  let n = 0;
  while (d < end) {
    d = addDays(d, 1);
    if (calendar.isWorkingDay(d)) n++;
  }
  return n;
}
