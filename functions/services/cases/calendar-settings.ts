/** The working-day calendar of a deployment: the package, the configured supplement, the statutory rules. */
import { createWorkingCalendar, type WorkingCalendar } from '../../domain/cases/working-calendar';
import { parseHolidayCalendar } from '../../schemas/holiday-calendar';

/**
 * Builds the calendar from `HOLIDAY_CALENDAR` (JSON, see schemas/holiday-calendar.ts). An invalid
 * value throws, so that the function fails at cold start rather than count deadlines wrongly.
 * `onProvisionalYear` hears once per year (per process) that deadlines are counted on the
 * statutory rules alone, so that operators know to add the year when it is published.
 */
export function workingCalendarFromEnv(
  env: Record<string, string | undefined>,
  onProvisionalYear?: (year: number) => void,
): WorkingCalendar {
  const json = env.HOLIDAY_CALENDAR?.trim();
  return createWorkingCalendar({
    supplement: json ? parseHolidayCalendar(json) : undefined,
    onProvisionalYear,
  });
}
