/**
 * What the rated side may see of its own figures. Province staff and auditors see counts and
 * scores live; everyone else sees them only up to a cut-off, by default the end of the previous
 * working day (Chinese calendar, make-up days included), so nobody below the province can watch a
 * stuffing attempt land ballot by ballot. Follow-up cases are not figures: they reach the unit at once.
 */
import { type Principal, roleAllows } from './access';
import type { WorkingCalendar } from './cases/working-calendar';
import { addDays, serviceDay } from './service-day';

/** Longer than any run of days off in the Chinese calendar (Spring Festival with weekends). */
const MAX_LOOKBACK_DAYS = 30;

/** The last working day strictly before `now`'s Beijing service day (YYYY-MM-DD). */
export function previousWorkingDay(now: Date, calendar: Pick<WorkingCalendar, 'isWorkingDay'>): string {
  let day = addDays(serviceDay(now), -1);
  for (let i = 0; i < MAX_LOOKBACK_DAYS && !calendar.isWorkingDay(day); i++) day = addDays(day, -1);
  return day;
}

/**
 * The last service day whose figures `p` may see, or undefined when `p` sees them live
 * (`figures:live`: province admins and auditors).
 */
export function figuresCutoff(p: Principal, cutoffDay: () => string): string | undefined {
  return roleAllows(p.role, 'figures:live') ? undefined : cutoffDay();
}
