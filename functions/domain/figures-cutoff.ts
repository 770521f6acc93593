/**
 * What the rated side may see of its own figures. Province staff and auditors see counts and
 * scores live; everyone else sees them only up to a cut-off the province sets (its settings,
 * domain/province-settings.ts), by default the end of the previous working day (Chinese calendar,
 * make-up days included), so nobody below the province can watch a stuffing attempt land ballot
 * by ballot. Follow-up cases are not figures: they reach the unit at once.
 */
import { type Principal, roleAllows } from './access';
import type { WorkingCalendar } from './cases/working-calendar';
import { addDays, serviceDay } from './service-day';

/** Longer than any run of days off in the Chinese calendar (Spring Festival with weekends). */
const MAX_LOOKBACK_DAYS = 30;

/**
 * The `workingDays`-th working day strictly before `now`'s Beijing service day (YYYY-MM-DD); with
 * the default 1, the previous working day.
 */
export function previousWorkingDay(
  now: Date,
  calendar: Pick<WorkingCalendar, 'isWorkingDay'>,
  workingDays = 1,
): string {
  let day = serviceDay(now);
  for (let n = 0; n < workingDays; n++) {
    day = addDays(day, -1);
    for (let i = 0; i < MAX_LOOKBACK_DAYS && !calendar.isWorkingDay(day); i++) day = addDays(day, -1);
  }
  return day;
}

/** The province a principal belongs to: the first node of its scope's path. */
export const provinceOfPrincipal = (p: Principal): string => p.scopePath.split('/')[0]!;

/**
 * The last service day whose figures `p` may see, or undefined when `p` sees them live
 * (`figures:live`: province admins and auditors). `cutoffDay` gives it for `p`'s province.
 */
export async function figuresCutoff(
  p: Principal,
  cutoffDay: (provinceId: string) => Promise<string>,
): Promise<string | undefined> {
  return roleAllows(p.role, 'figures:live') ? undefined : cutoffDay(provinceOfPrincipal(p));
}
