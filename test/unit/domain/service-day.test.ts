import { describe, expect, it } from 'vitest';
import {
  addDays,
  beijingInstant,
  beijingMinuteOfDay,
  beijingToday,
  beijingWallClock,
  daysApart,
  serviceDay,
  serviceDayEnd,
  serviceDayRange,
  serviceDayStart,
  weekdayOf,
} from '../../../functions/domain/service-day';

describe('Beijing time', () => {
  it('puts 00:30 Beijing time on its own day although UTC still says the day before', () => {
    const at = beijingInstant('2026-12-03', '00:30');
    expect(at.toISOString()).toBe('2026-12-02T16:30:00.000Z');
    expect(serviceDay(at)).toBe('2026-12-03');
  });

  it('bounds a range of service days by their first and last Beijing milliseconds', () => {
    expect(serviceDayStart('2026-12-03').toISOString()).toBe('2026-12-02T16:00:00.000Z');
    expect(serviceDayRange('2026-12-03', '2026-12-04')).toEqual({
      since: '2026-12-02T16:00:00.000Z',
      until: '2026-12-04T16:00:00.000Z',
      last: '2026-12-04T15:59:59.999Z',
    });
  });

  it('adds seconds to a wall-clock instant and prints instants as Beijing wall-clock time', () => {
    expect(beijingInstant('2026-12-31', '23:59', 90).toISOString()).toBe('2026-12-31T16:00:30.000Z');
    expect(beijingWallClock('2026-12-31T16:00:30.000Z')).toBe('2027-01-01 00:00:30');
  });

  it('counts calendar days across month, year and leap-day boundaries', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-12-04', -29)).toBe('2026-11-05');
    expect(daysApart('2026-12-31', '2027-01-02')).toBe(2);
    expect(daysApart('2027-01-02', '2026-12-31')).toBe(-2);
    expect(weekdayOf('2026-12-06')).toBe(0);
    expect(weekdayOf('2026-12-05')).toBe(6);
  });

  it('ends a service day at 24:00 Beijing time and dates that instant minus 1 ms on the same day', () => {
    expect(serviceDayEnd('2026-12-31')).toBe('2026-12-31T16:00:00.000Z');
    expect(serviceDay(new Date(Date.parse(serviceDayEnd('2026-12-31')) - 1))).toBe('2026-12-31');
  });

  it('gives the Beijing minute of the day and today by the Beijing calendar', () => {
    expect(beijingMinuteOfDay(new Date('2026-12-02T16:30:00.000Z'))).toBe(30);
    expect(beijingMinuteOfDay(new Date('2026-12-03T15:59:59.999Z'))).toBe(1439);
    expect(beijingToday(new Date('2026-12-03T16:00:00.000Z'))).toBe('2026-12-04');
  });
});
