import { describe, expect, it } from 'vitest';
import {
  beijingInstant,
  beijingWallClock,
  serviceDay,
  serviceDayRange,
  serviceDayStart,
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
});
