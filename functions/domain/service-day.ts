/**
 * Beijing time, the one clock of every date a person sees or filters by, on the server and in the
 * web console alike. Police service days follow China Standard Time (UTC+8, no daylight saving),
 * so a submission at 07:30 Beijing time lands on the Beijing date even though UTC says yesterday.
 * Nothing else adds the offset; calendar arithmetic on `YYYY-MM-DD` days lives here too.
 */
export const CST_OFFSET_MS = 8 * 60 * 60 * 1000;
/** One calendar day (China Standard Time has no daylight saving, so every day is this long). */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** The `YYYY-MM-DD` service day in China Standard Time for an instant. */
export function serviceDay(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Today's service day in Beijing. */
export const beijingToday = (now: Date = new Date()): string => serviceDay(now);

/** The calendar day `n` days after `day` (`YYYY-MM-DD`; n may be negative). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to` (`YYYY-MM-DD`): 0 for the same day, negative when `to` is earlier. */
export const daysApart = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00.000Z`) - Date.parse(`${from}T00:00:00.000Z`)) / DAY_MS);

/** Day of the week of a calendar day, 0 = Sunday … 6 = Saturday. */
export const weekdayOf = (day: string): number => new Date(`${day}T00:00:00.000Z`).getUTCDay();

/** The first instant of service day `day` (`YYYY-MM-DD`, 00:00 Beijing time). */
export function serviceDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - CST_OFFSET_MS);
}

/** The instant service day `day` ends (24:00 Beijing time), as an ISO timestamp. */
export const serviceDayEnd = (day: string): string =>
  new Date(serviceDayStart(day).getTime() + DAY_MS).toISOString();

/**
 * The instants bounding service days `from`..`to` as ISO strings: `since` is the first
 * millisecond of `from`, `until` the first millisecond after `to` (exclusive), `last` the last
 * millisecond of `to` (for inclusive range conditions).
 */
export function serviceDayRange(from: string, to: string): { since: string; until: string; last: string } {
  const since = serviceDayStart(from);
  const until = new Date(serviceDayStart(to).getTime() + DAY_MS);
  return {
    since: since.toISOString(),
    until: until.toISOString(),
    last: new Date(until.getTime() - 1).toISOString(),
  };
}

/** The instant of Beijing wall-clock `HH:mm` on service day `day`, plus `seconds`. */
export function beijingInstant(day: string, hhmm: string, seconds = 0): Date {
  return new Date(Date.parse(`${day}T${hhmm}:00.000Z`) - CST_OFFSET_MS + seconds * 1000);
}

/** Beijing wall-clock time `YYYY-MM-DD HH:mm:ss` of an ISO instant. */
export function beijingWallClock(iso: string): string {
  return new Date(Date.parse(iso) + CST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Minutes since 00:00 Beijing time of an instant (0–1439). */
export const beijingMinuteOfDay = (at: Date): number =>
  Math.floor((at.getTime() + CST_OFFSET_MS) / 60_000) % 1440;

/** The Monday that starts the calendar week (Monday to Sunday) of a service day. */
export const weekOf = (day: string): string => addDays(day, -((weekdayOf(day) + 6) % 7));
