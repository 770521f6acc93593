import { serviceDay } from '../service-day';

/**
 * Just enough astronomy for the statutory holidays that move: the instant of a new moon (a lunar
 * month starts on the Beijing date of its new moon) and the day of a solar term (清明 is the day
 * the Sun's apparent longitude reaches 15°). Formulas from Meeus, Astronomical Algorithms, 2nd ed.
 *
 * Why not only `Intl` (ICU's Chinese calendar)? ICU 78 puts the new moon of 6 Feb 2027 (23:56
 * Beijing time) after midnight and so starts the Year of the Goat on 7 Feb, a day late; the
 * Purple Mountain and Hong Kong observatories give 6 Feb. Meeus' new moons are good to well under
 * a minute in this century, which settles such near-midnight cases.
 */

const DEG = Math.PI / 180;
const sin = (deg: number) => Math.sin(deg * DEG);
const DAY_MS = 86_400_000;
const UNIX_EPOCH_JD = 2440587.5;
/** TT − UT (ΔT) in days; about 69 s in the 2020s. Its drift is far below the minute that matters here. */
const DELTA_T_DAYS = 69 / 86_400;
const SYNODIC_MONTH = 29.530588861;
const TROPICAL_YEAR = 365.2422;

/** Julian day (UT) of 00:00 UTC on a `YYYY-MM-DD` date. */
export const julianDayOf = (day: string): number => Date.parse(`${day}T00:00:00Z`) / DAY_MS + UNIX_EPOCH_JD;

/** The Beijing (UTC+8) date of an instant given as a Julian day in UT. */
export const beijingDateOfJd = (jdUt: number): string =>
  serviceDay(new Date((jdUt - UNIX_EPOCH_JD) * DAY_MS));

/** Periodic terms of the new-moon correction (Meeus 49): [coefficient, power of E, multipliers of M, M′, F, Ω]. */
const NEW_MOON_TERMS: readonly (readonly [number, number, number, number, number, number])[] = [
  [-0.4072, 0, 0, 1, 0, 0],
  [0.17241, 1, 1, 0, 0, 0],
  [0.01608, 0, 0, 2, 0, 0],
  [0.01039, 0, 0, 0, 2, 0],
  [0.00739, 1, -1, 1, 0, 0],
  [-0.00514, 1, 1, 1, 0, 0],
  [0.00208, 2, 2, 0, 0, 0],
  [-0.00111, 0, 0, 1, -2, 0],
  [-0.00057, 0, 0, 1, 2, 0],
  [0.00056, 1, 1, 2, 0, 0],
  [-0.00042, 0, 0, 3, 0, 0],
  [0.00042, 1, 1, 0, 2, 0],
  [0.00038, 1, 1, 0, -2, 0],
  [-0.00024, 1, -1, 2, 0, 0],
  [-0.00017, 0, 0, 0, 0, 1],
  [-0.00007, 0, 2, 1, 0, 0],
  [0.00004, 0, 0, 2, -2, 0],
  [0.00004, 0, 3, 0, 0, 0],
  [0.00003, 0, 1, 1, -2, 0],
  [0.00003, 0, 0, 2, 2, 0],
  [-0.00003, 0, 1, 1, 2, 0],
  [0.00003, 0, -1, 1, 2, 0],
  [-0.00002, 0, -1, 1, -2, 0],
  [-0.00002, 0, 1, 3, 0, 0],
  [0.00002, 0, 0, 4, 0, 0],
];

/** Planetary arguments (Meeus 49): [A₀, per-lunation rate, T² term, amplitude in days]. */
const PLANETARY_TERMS: readonly (readonly [number, number, number, number])[] = [
  [299.77, 0.107408, -0.009173, 0.000325],
  [251.88, 0.016321, 0, 0.000165],
  [251.83, 26.651886, 0, 0.000164],
  [349.42, 36.412478, 0, 0.000126],
  [84.66, 18.206239, 0, 0.00011],
  [141.74, 53.303771, 0, 0.000062],
  [207.14, 2.453732, 0, 0.00006],
  [154.84, 7.30686, 0, 0.000056],
  [34.52, 27.261239, 0, 0.000047],
  [207.19, 0.121824, 0, 0.000042],
  [291.34, 1.844379, 0, 0.00004],
  [161.72, 24.198154, 0, 0.000037],
  [239.56, 25.513099, 0, 0.000035],
  [331.55, 3.592518, 0, 0.000023],
];

/** Julian day (UT) of new moon number `k` (k = 0 is the new moon of 6 Jan 2000). */
export function newMoonJd(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const e = 1 - 0.002516 * t - 0.0000074 * t2;
  const m = 2.5534 + 29.1053567 * k - 0.0000014 * t2 - 0.00000011 * t2 * t;
  const mp = 201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t2 * t - 0.000000058 * t2 * t2;
  const f = 160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t2 * t + 0.000000011 * t2 * t2;
  const omega = 124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t2 * t;
  let jde =
    2451550.09766 + SYNODIC_MONTH * k + 0.00015437 * t2 - 0.00000015 * t2 * t + 0.00000000073 * t2 * t2;
  for (const [c, ePow, cm, cmp, cf, co] of NEW_MOON_TERMS) {
    jde += c * e ** ePow * sin(cm * m + cmp * mp + cf * f + co * omega);
  }
  for (const [a0, rate, quad, amp] of PLANETARY_TERMS) jde += amp * sin(a0 + rate * k + quad * t2);
  return jde - DELTA_T_DAYS;
}

/** The Beijing date of the new moon nearest to the given date. */
export function newMoonDateNear(day: string): string {
  const k = Math.round((julianDayOf(day) - 2451550.09766) / SYNODIC_MONTH);
  return beijingDateOfJd(newMoonJd(k));
}

/** The Sun's apparent ecliptic longitude in degrees at a Julian day in TT (Meeus 25, about 0.01°). */
function sunApparentLongitude(jde: number): number {
  const t = (jde - 2451545) / 36525;
  const l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
  const m = 357.52911 + 35999.05029 * t - 0.0001537 * t * t;
  const c =
    (1.914602 - 0.004817 * t - 0.000014 * t * t) * sin(m) +
    (0.019993 - 0.000101 * t) * sin(2 * m) +
    0.000289 * sin(3 * m);
  const omega = 125.04 - 1934.136 * t;
  return (((l0 + c - 0.00569 - 0.00478 * sin(omega)) % 360) + 360) % 360;
}

/**
 * The Beijing date on which the Sun reaches `longitude` (a solar term), searched from `near`
 * (a date within a few days of it). 清明 is longitude 15° (4 or 5 April this century).
 */
export function solarTermDate(longitude: number, near: string): string {
  let jde = julianDayOf(near);
  for (let i = 0; i < 8; i++) {
    const gap = ((((longitude - sunApparentLongitude(jde)) % 360) + 540) % 360) - 180;
    jde += (gap / 360) * TROPICAL_YEAR;
  }
  return beijingDateOfJd(jde - DELTA_T_DAYS);
}
