/**
 * The holiday-calendar supplement (configuration `HOLIDAY_CALENDAR`): the State Council's
 * published schedule for years `chinese-workday` does not know yet, e.g.
 * `{"years":{"2027":{"holidays":["2027-01-01",…],"workdays":["2027-02-20"],"source":"https://www.gov.cn/…"}}}`.
 * A year listed here replaces the package's (or the statutory rules') answer for that whole year.
 */
import * as v from 'valibot';
import type { HolidayCalendarSupplement } from '../domain/cases/working-calendar';
import { weekdayOf } from '../domain/service-day';

const DateSchema = v.pipe(v.string(), v.isoDate('a date YYYY-MM-DD'));

const PublishedYearSchema = v.pipe(
  v.strictObject({
    holidays: v.pipe(v.array(DateSchema), v.maxLength(60)),
    workdays: v.pipe(
      v.array(
        v.pipe(
          DateSchema,
          // The State Council only ever turns a weekend day into a working day; anything else is a typo.
          v.check(
            (d) => weekdayOf(d) === 0 || weekdayOf(d) === 6,
            'a make-up working day is a Saturday or Sunday',
          ),
        ),
      ),
      v.maxLength(20),
    ),
    source: v.optional(v.pipe(v.string(), v.maxLength(500))),
  }),
  v.check(
    (y) => !y.workdays.some((d) => y.holidays.includes(d)),
    'a date cannot be both a holiday and a working day',
  ),
);

export const HolidayCalendarSupplementSchema = v.pipe(
  v.strictObject({
    years: v.pipe(
      v.record(v.pipe(v.string(), v.regex(/^\d{4}$/, 'a year YYYY')), PublishedYearSchema),
      v.check((years) => Object.keys(years).length <= 30, 'at most 30 years'),
      v.check(
        (years) =>
          Object.entries(years).every(([y, p]) =>
            [...p.holidays, ...p.workdays].every((d) => d.startsWith(`${y}-`)),
          ),
        'every date lies in the year it is listed under',
      ),
    ),
  }),
);

/**
 * Parses and validates a supplement from its JSON text; throws with every problem listed, so a
 * wrong configuration stops the function at cold start instead of skewing deadlines.
 */
export function parseHolidayCalendar(json: string): HolidayCalendarSupplement {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('HOLIDAY_CALENDAR is not valid JSON');
  }
  const result = v.safeParse(HolidayCalendarSupplementSchema, raw);
  if (!result.success) {
    const issues = result.issues.map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`);
    throw new Error(`HOLIDAY_CALENDAR is invalid: ${issues.join('; ')}`);
  }
  return result.output;
}
