/**
 * Which Beijing dates are working days, year by year, from the best source that knows the year:
 * 1. a supplement: schedules the State Council has published but `chinese-workday` does not
 *    carry yet (configuration, see schemas/holiday-calendar.ts);
 * 2. the `chinese-workday` package (holidays and make-up working days, 2011 to its last year);
 * 3. otherwise the statutory rules (statutory-holidays.ts) and weekends: such a year is
 *    provisional, since its bridged weekdays and make-up working days are not known yet.
 */
import { getFestival, isWorkday } from 'chinese-workday';
import { isWeekend, statutoryDaysOff } from './statutory-holidays';

/** A published year: the days off beyond weekends, and the weekend days worked instead (调休). */
export interface PublishedYear {
  holidays: readonly string[];
  workdays: readonly string[];
  /** Where it was published (e.g. the gov.cn notice), for whoever checks the configuration. */
  source?: string;
}

/** Published schedules by year (`"2027"`), overriding the package for those years. */
export interface HolidayCalendarSupplement {
  years: Readonly<Record<string, PublishedYear>>;
}

export type CalendarSource = 'supplement' | 'package' | 'statutory-rules';

export interface WorkingCalendar {
  /** True when the Beijing date `day` (YYYY-MM-DD) is a working day, make-up days included. */
  isWorkingDay(day: string): boolean;
  /** Where the schedule of `year` comes from. */
  sourceOf(year: number): CalendarSource;
  /** True when `day`'s year is computed from the statutory rules only and may still move. */
  isProvisional(day: string): boolean;
  /** The years `chinese-workday` covers, found at start-up. */
  readonly packageYears: { first: number; last: number };
}

/** The package's data starts in 2011. */
const PACKAGE_FIRST_YEAR = 2011;
/** How far ahead to probe: far beyond any schedule the State Council has published. */
const PROBE_YEARS = 100;

/**
 * The years the installed `chinese-workday` covers, asked of the package itself, so that a new
 * release with more years is picked up without a code change: the last year whose 1 October is
 * 国庆节 in its data. (1 October, not 1 January: the package lacks 2018-01-01, which fell inside
 * a holiday that began in 2017.)
 */
export function packageCoverage(
  festival: (day: string) => string = getFestival,
  from = PACKAGE_FIRST_YEAR,
): { first: number; last: number } {
  let last = from - 1;
  for (let y = from; y < from + PROBE_YEARS; y++) if (festival(`${y}-10-01`) === '国庆节') last = y;
  return { first: from, last };
}

export interface WorkingCalendarOptions {
  supplement?: HolidayCalendarSupplement;
  /** Told once per year (per process) when a date of that year is answered from the statutory rules. */
  onProvisionalYear?: (year: number) => void;
  /** The package's coverage (tests pretend the package stops earlier). */
  packageYears?: { first: number; last: number };
}

/** Builds the calendar; see the module comment for the order of sources. */
export function createWorkingCalendar(opts: WorkingCalendarOptions = {}): WorkingCalendar {
  const packageYears = opts.packageYears ?? packageCoverage();
  const published = new Map<number, { holidays: Set<string>; workdays: Set<string> }>();
  for (const [year, y] of Object.entries(opts.supplement?.years ?? {})) {
    published.set(Number(year), { holidays: new Set(y.holidays), workdays: new Set(y.workdays) });
  }
  const computed = new Map<number, ReadonlyMap<string, unknown>>();
  const daysOff = (year: number) => {
    let off = computed.get(year);
    if (!off) {
      // Years before 2025 fall here only before the package's data (2011): the current rules stand in.
      off = statutoryDaysOff(year);
      computed.set(year, off);
      opts.onProvisionalYear?.(year);
    }
    return off;
  };
  const sourceOf = (year: number): CalendarSource => {
    if (published.has(year)) return 'supplement';
    if (year >= packageYears.first && year <= packageYears.last) return 'package';
    return 'statutory-rules';
  };
  return {
    packageYears,
    sourceOf,
    isProvisional: (day) => sourceOf(Number(day.slice(0, 4))) === 'statutory-rules',
    isWorkingDay(day) {
      const year = Number(day.slice(0, 4));
      switch (sourceOf(year)) {
        case 'supplement': {
          const y = published.get(year)!;
          if (y.workdays.has(day)) return true;
          return !y.holidays.has(day) && !isWeekend(day);
        }
        case 'package':
          return isWorkday(day);
        default:
          return !isWeekend(day) && !daysOff(year).has(day);
      }
    },
  };
}
