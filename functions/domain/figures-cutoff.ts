/**
 * What the rated side may see of its own figures. Province staff and auditors see counts and
 * scores live; everyone else sees them only up to a cut-off, by default the end of the previous
 * working day (Chinese calendar, make-up days included), so nobody below the province can watch a
 * stuffing attempt land ballot by ballot. Follow-up cases are not figures: they reach the unit at once.
 */
import { type Principal, roleAllows } from './access';
import type { WorkingCalendar } from './cases/working-calendar';
import { serviceDay } from './service-day';

const DAY_MS = 86_400_000;
/** Longer than any run of days off in the Chinese calendar (Spring Festival with weekends). */
const MAX_LOOKBACK_DAYS = 30;

const dayBefore = (day: string): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);

/** The last working day strictly before `now`'s Beijing service day (YYYY-MM-DD). */
export function previousWorkingDay(now: Date, calendar: Pick<WorkingCalendar, 'isWorkingDay'>): string {
  let day = dayBefore(serviceDay(now));
  for (let i = 0; i < MAX_LOOKBACK_DAYS && !calendar.isWorkingDay(day); i++) day = dayBefore(day);
  return day;
}

/**
 * The last service day whose figures `p` may see, or undefined when `p` sees them live
 * (`figures:live`: province admins and auditors).
 */
export function figuresCutoff(p: Principal, cutoffDay: () => string): string | undefined {
  return roleAllows(p.role, 'figures:live') ? undefined : cutoffDay();
}
