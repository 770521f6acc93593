/**
 * The working-day calendar beyond chinese-workday's data: the statutory rules (2024 revision of
 * 《全国年节及纪念日放假办法》) with lunar dates from Intl and the astronomical new moon, a
 * configured supplement, and the package's coverage found at run time.
 */
import { getFestival, isAddtionalWorkday, isWorkday } from 'chinese-workday';
import { describe, expect, it } from 'vitest';
import { solarTermDate } from '../../../functions/domain/cases/astronomy';
import {
  dragonBoatFestival,
  midAutumnFestival,
  springFestival,
  springFestivalEve,
} from '../../../functions/domain/cases/lunar-calendar';
import { isWeekend, statutoryDaysOff } from '../../../functions/domain/cases/statutory-holidays';
import { createWorkingCalendar, packageCoverage } from '../../../functions/domain/cases/working-calendar';
import { addDays } from '../../../functions/domain/service-day';
import { parseHolidayCalendar } from '../../../functions/schemas/holiday-calendar';
import { workingCalendarFromEnv } from '../../../functions/services/cases/calendar-settings';

const daysOf = (year: number): string[] => {
  const out: string[] = [];
  for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) out.push(d);
  return out;
};

describe('lunar and solar dates', () => {
  it('puts 除夕 2027 on 5 February: the new moon of 6 Feb falls at 23:56 Beijing time', () => {
    expect(springFestivalEve(2027)).toBe('2027-02-05');
    expect(springFestival(2027)).toBe('2027-02-06');
  });

  it('finds the dates chinese-workday labels as 春节, 清明节, 端午节 and 中秋节 in every year it covers', () => {
    // The package writes 2012-09-30 (中秋) as a make-up day too, a slip in its data; and 中秋 that
    // falls inside the National Day days is labelled 国庆节.
    const slips = new Set(['2012-09-30']);
    for (let y = 2011; y <= 2026; y++) {
      expect(getFestival(springFestival(y)), `春节 ${y}`).toBe('春节');
      expect(getFestival(solarTermDate(15, `${y}-04-04`)), `清明 ${y}`).toBe('清明节');
      expect(getFestival(dragonBoatFestival(y)), `端午 ${y}`).toBe('端午节');
      const midAutumn = midAutumnFestival(y);
      if (!slips.has(midAutumn)) expect(['中秋节', '国庆节'], `中秋 ${y}`).toContain(getFestival(midAutumn));
    }
  });
});

describe('the statutory rules against the published schedules of 2025 and 2026', () => {
  // Pretend the package stops at 2024, so that 2025 and 2026 are answered from the rules.
  const rules = createWorkingCalendar({ packageYears: { first: 2011, last: 2024 } });

  it.each([2025, 2026])('gives every statutory day off of %i off in the published schedule', (year) => {
    for (const day of statutoryDaysOff(year).keys()) expect(isWorkday(day), day).toBe(false);
  });

  it.each([2025, 2026])(
    'differs from %i only by the 调休 swap: make-up days and as many bridged weekdays',
    (year) => {
      const makeUps = daysOf(year).filter((d) => isAddtionalWorkday(d));
      const ruleOffPublishedOn = daysOf(year).filter((d) => !rules.isWorkingDay(d) && isWorkday(d));
      const publishedOffRuleOn = daysOf(year).filter((d) => rules.isWorkingDay(d) && !isWorkday(d));
      expect(ruleOffPublishedOn).toEqual(makeUps);
      expect(publishedOffRuleOn).toHaveLength(makeUps.length);
      // Each bridged weekday joins a break that contains a statutory day off.
      const off = statutoryDaysOff(year);
      for (const bridge of publishedOffRuleOn) {
        let [lo, hi] = [bridge, bridge];
        while (!isWorkday(addDays(lo, -1))) lo = addDays(lo, -1);
        while (!isWorkday(addDays(hi, 1))) hi = addDays(hi, 1);
        const run = daysOf(year).filter((d) => d >= lo && d <= hi);
        expect(
          run.some((d) => off.has(d)),
          `${bridge} in ${lo}…${hi}`,
        ).toBe(true);
      }
    },
  );

  it('gives a holiday on a weekend back on the next free weekday (清明 Sunday 5 Apr 2026 → Monday 6 Apr)', () => {
    expect(statutoryDaysOff(2026).get('2026-04-06')).toEqual({ name: '清明节', inLieu: true });
    expect(isWeekend('2026-04-05')).toBe(true);
  });
});

describe('the calendar supplement', () => {
  const supplement = parseHolidayCalendar(
    JSON.stringify({
      years: {
        '2027': { holidays: ['2027-01-01', '2027-02-11', '2027-02-12'], workdays: ['2027-02-20'] },
        '2026': { holidays: ['2026-12-31'], workdays: [] },
      },
    }),
  );
  const calendar = createWorkingCalendar({ supplement });

  it('overrides the statutory rules for a published year, make-up Saturday included', () => {
    expect(calendar.sourceOf(2027)).toBe('supplement');
    expect(calendar.isProvisional('2027-02-20')).toBe(false);
    expect(calendar.isWorkingDay('2027-02-20')).toBe(true);
    expect(calendar.isWorkingDay('2027-02-12')).toBe(false);
    expect(createWorkingCalendar().isWorkingDay('2027-02-12')).toBe(true);
  });

  it('overrides the package for a year it lists', () => {
    expect(isWorkday('2026-12-31')).toBe(true);
    expect(calendar.isWorkingDay('2026-12-31')).toBe(false);
  });

  it('is read from HOLIDAY_CALENDAR, and a broken value stops start-up', () => {
    const env = {
      HOLIDAY_CALENDAR: JSON.stringify({ years: { '2027': { holidays: [], workdays: ['2027-02-20'] } } }),
    };
    expect(workingCalendarFromEnv(env).isWorkingDay('2027-02-20')).toBe(true);
    expect(workingCalendarFromEnv({}).isWorkingDay('2027-02-20')).toBe(false);
    expect(() => workingCalendarFromEnv({ HOLIDAY_CALENDAR: '{"years":{"27":{}}}' })).toThrow(
      /HOLIDAY_CALENDAR/,
    );
  });

  it('rejects a make-up working day on a weekday, a date outside its year, and broken JSON', () => {
    const year = (y: Record<string, unknown>) => JSON.stringify({ years: { '2027': y } });
    expect(() => parseHolidayCalendar(year({ holidays: [], workdays: ['2027-02-22'] }))).toThrow(/Saturday/);
    expect(() => parseHolidayCalendar(year({ holidays: ['2028-01-01'], workdays: [] }))).toThrow(/year/);
    expect(() => parseHolidayCalendar('{"years":')).toThrow(/JSON/);
    expect(() => parseHolidayCalendar(year({ holidays: [], workdays: [], extra: 1 }))).toThrow();
  });
});

describe("the package's coverage", () => {
  it('is read from the package: the installed one knows 2026', () => {
    const { last } = packageCoverage();
    expect(last).toBeGreaterThanOrEqual(2026);
    expect(getFestival(`${last}-10-01`)).toBe('国庆节');
  });

  it('ends at the last year whose National Day is in the data', () => {
    const fake = (d: string) => (d < '2019' && d.endsWith('-10-01') ? '国庆节' : '工作日');
    expect(packageCoverage(fake)).toEqual({ first: 2011, last: 2018 });
  });

  it('tells once per year that a year is answered from the statutory rules', () => {
    const told: number[] = [];
    const calendar = createWorkingCalendar({ onProvisionalYear: (y) => told.push(y) });
    for (const d of ['2027-01-01', '2027-06-01', '2028-01-03', '2026-06-01']) calendar.isWorkingDay(d);
    expect(told).toEqual([2027, 2028]);
  });
});
