/**
 * Time helpers of the demo history: Beijing service days counted back from today, working days on
 * the Chinese calendar, and moments in a window's opening hours.
 */
import { isWorkingDay } from '../../functions/domain/cases/deadlines';
import { beijingInstant, serviceDay } from '../../functions/domain/service-day';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The service day `n` days before (negative: after) `day`. */
export const daysBefore = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) - n * DAY_MS).toISOString().slice(0, 10);

/** The service day `n` days before `day` if it is a working day, else the last working day before it. */
export function workingDayBefore(day: string, n: number): string {
  let d = daysBefore(day, n);
  while (!isWorkingDay(d)) d = daysBefore(d, 1);
  return d;
}

/** Days from `from` to `to` inclusive, ascending. */
export function dayRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = daysBefore(d, -1)) out.push(d);
  return out;
}

/** Monday = 1 … Sunday = 7 of a service day. */
export const weekday = (day: string): number => ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

export { isWorkingDay };

/** `hh:mm` on `day`, Beijing time, plus `minutes` (may be fractional). */
export const at = (day: string, hhmm: string, minutes = 0): Date => beijingInstant(day, hhmm, minutes * 60);

export const addHours = (d: Date, hours: number): Date => new Date(d.getTime() + hours * HOUR_MS);

/**
 * The first office moment at or after `d`: working days, 08:30–12:00 and 13:30–17:30 Beijing time.
 * Staff act on cases in office hours; a step planned for the evening happens next morning.
 */
export function officeTime(d: Date): Date {
  let t = d;
  for (let i = 0; i < 30; i++) {
    const day = serviceDay(t);
    if (!isWorkingDay(day)) {
      t = at(daysBefore(day, -1), '08:30');
      continue;
    }
    const minutes = (t.getTime() - at(day, '00:00').getTime()) / 60_000;
    if (minutes < 8.5 * 60) return at(day, '08:30');
    if (minutes >= 12 * 60 && minutes < 13.5 * 60) return at(day, '13:30');
    if (minutes >= 17.5 * 60) {
      t = at(daysBefore(day, -1), '08:30');
      continue;
    }
    return t;
  }
  return t;
}

/** `n` office hours after `d` (each working day has eight), landing in office time. */
export function afterOfficeHours(d: Date, n: number): Date {
  let t = officeTime(d);
  let left = n;
  while (left > 0) {
    const day = serviceDay(t);
    const end = t < at(day, '12:00') ? at(day, '12:00') : at(day, '17:30');
    const room = (end.getTime() - t.getTime()) / HOUR_MS;
    if (left <= room) return addHours(t, left);
    left -= room;
    t = officeTime(end);
  }
  return t;
}
