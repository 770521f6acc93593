/**
 * The public holidays every citizen gets by law, as far as they can be computed without the
 * State Council's yearly schedule: 《全国年节及纪念日放假办法》 as revised in 2024 (in force from
 * 1 January 2025), article 2: 元旦 1 day (1 January); 春节 4 days (除夕 and 正月初一 to 初三);
 * 清明节 1 day (the solar term); 劳动节 2 days (1–2 May); 端午节 1 day (五月初五); 中秋节 1 day
 * (八月十五); 国庆节 3 days (1–3 October). Article 6: a holiday falling on a Saturday or Sunday is
 * given back on a working day (补假).
 *
 * What cannot be computed is the yearly 调休: the weekdays bridged into a longer break and the
 * weekend days worked in exchange (make-up working days). A calendar built from these rules alone
 * is therefore provisional.
 */

import { addDays, weekdayOf } from '../service-day';
import { solarTermDate } from './astronomy';
import { dragonBoatFestival, midAutumnFestival, springFestival, springFestivalEve } from './lunar-calendar';

export type StatutoryHoliday = '元旦' | '春节' | '清明节' | '劳动节' | '端午节' | '中秋节' | '国庆节';

/** The first year the 2024 revision (4-day 春节, 2-day 劳动节) applies to. */
export const STATUTORY_RULES_SINCE = 2025;

/** Saturday or Sunday. */
export const isWeekend = (day: string): boolean => {
  const d = weekdayOf(day);
  return d === 0 || d === 6;
};

/** Each statutory holiday day of `year` (a date may appear twice: 中秋 on 1–3 October). */
export function statutoryHolidayDays(year: number): { date: string; name: StatutoryHoliday }[] {
  const newYear = springFestival(year);
  const days: { date: string; name: StatutoryHoliday }[] = [
    { date: `${year}-01-01`, name: '元旦' },
    { date: springFestivalEve(year), name: '春节' },
    { date: newYear, name: '春节' },
    { date: addDays(newYear, 1), name: '春节' },
    { date: addDays(newYear, 2), name: '春节' },
    { date: solarTermDate(15, `${year}-04-04`), name: '清明节' },
    { date: `${year}-05-01`, name: '劳动节' },
    { date: `${year}-05-02`, name: '劳动节' },
    { date: dragonBoatFestival(year), name: '端午节' },
    { date: midAutumnFestival(year), name: '中秋节' },
    { date: `${year}-10-01`, name: '国庆节' },
    { date: `${year}-10-02`, name: '国庆节' },
    { date: `${year}-10-03`, name: '国庆节' },
  ];
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

/** A day off by law: the holiday itself, or the working day given back for one (`inLieu`). */
export interface DayOff {
  name: StatutoryHoliday;
  inLieu: boolean;
}

/**
 * Every day off that the law alone fixes in `year`, by date:
 * 1. each statutory holiday on a weekday is a day off;
 * 2. each one on a weekend, or sharing its date with another holiday (中秋 in the National Day
 *    days), is given back on the first later weekday that is not already off.
 */
export function statutoryDaysOff(year: number): Map<string, DayOff> {
  const off = new Map<string, DayOff>();
  const owed: { date: string; name: StatutoryHoliday }[] = [];
  for (const h of statutoryHolidayDays(year)) {
    if (isWeekend(h.date) || off.has(h.date)) owed.push(h);
    else off.set(h.date, { name: h.name, inLieu: false });
  }
  for (const h of owed) {
    let d = addDays(h.date, 1);
    while (isWeekend(d) || off.has(d)) d = addDays(d, 1);
    off.set(d, { name: h.name, inLieu: true });
  }
  return off;
}
