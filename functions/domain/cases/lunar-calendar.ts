/**
 * Dates of the Chinese (农历) calendar for the holidays that follow it: 除夕, 端午 (五月初五),
 * 中秋 (八月十五). `Intl.DateTimeFormat` with `zh-u-ca-chinese` (Node ships full ICU) names the
 * months, leap months included; the first day of each month is then checked against the
 * astronomical new moon (see astronomy.ts), because ICU's own new moons can miss by a day when
 * one falls just before midnight in Beijing (Spring Festival 2027, 2030).
 */

import { addDays } from '../service-day';
import { newMoonDateNear } from './astronomy';

// Formatting at noon UTC: the Chinese calendar's day for a Gregorian date does not depend on the
// hour, and noon keeps clear of any date-line ambiguity.
const chinese = new Intl.DateTimeFormat('zh-u-ca-chinese', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

/** ICU's Chinese date of a Gregorian day: related Gregorian year, month name (闰… for leap months), day. */
function icuChineseDate(day: string): { year: number; month: string; day: number } {
  const parts = Object.fromEntries(
    chinese.formatToParts(new Date(`${day}T12:00:00Z`)).map((p) => [p.type, p.value]),
  );
  return { year: Number(parts.relatedYear), month: String(parts.month), day: Number(parts.day) };
}

/** Month names as ICU's zh locale writes them (non-leap months only: holidays never fall in a leap month). */
export type LunarMonth = '正月' | '五月' | '八月';

/** Where each month's first day can fall in its Gregorian year (with a margin). */
const SEARCH: Record<LunarMonth, [from: string, to: string]> = {
  正月: ['01-15', '02-25'],
  五月: ['05-01', '06-30'],
  八月: ['08-10', '10-15'],
};

const cache = new Map<string, string>();

/**
 * The Gregorian date of the first day (初一) of lunar month `month` of the Chinese year that
 * begins in Gregorian `year`.
 * 1. Finds the day ICU calls day 1 of that (non-leap) month.
 * 2. Moves it to the Beijing date of the true new moon nearest to it (at most a day away).
 */
export function lunarMonthStart(year: number, month: LunarMonth): string {
  const key = `${year}|${month}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const [from, to] = SEARCH[month];
  for (let d = `${year}-${from}`; d <= `${year}-${to}`; d = addDays(d, 1)) {
    const c = icuChineseDate(d);
    if (c.year === year && c.month === month && c.day === 1) {
      const start = newMoonDateNear(d);
      cache.set(key, start);
      return start;
    }
  }
  throw new Error(`no ${month} in ${year}: is Node built with full ICU?`);
}

/** 春节 (正月初一) of the Chinese year beginning in `year`. */
export const springFestival = (year: number): string => lunarMonthStart(year, '正月');

/** 除夕, the last day of the old year: the eve of 正月初一. */
export const springFestivalEve = (year: number): string => addDays(springFestival(year), -1);

/** 端午节, 五月初五. */
export const dragonBoatFestival = (year: number): string => addDays(lunarMonthStart(year, '五月'), 4);

/** 中秋节, 八月十五. */
export const midAutumnFestival = (year: number): string => addDays(lunarMonthStart(year, '八月'), 14);
