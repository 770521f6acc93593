/** How the console writes dates and decides what the trend panel shows. */
import { describe, expect, it } from 'vitest';
import type { DashboardPoint } from '../../../web/console/types';
import { fmtDateTime, fmtDay, fmtDeadline } from '../../../web/console/ui';
import { axisFloor, trendView } from '../../../web/console/views/trend-model';

const point = (period: string, responses: number, rate: number | null = null): DashboardPoint => ({
  period,
  start: period,
  responses,
  n: responses,
  satisfactionRate: rate,
  score: rate === null ? null : rate * 100,
});

describe('dates in the console', () => {
  it('writes instants as YYYY-MM-DD HH:mm in Beijing time, whatever the locale', () => {
    expect(fmtDateTime('2026-12-03T16:30:00.000Z')).toBe('2026-12-04 00:30');
    expect(fmtDateTime('2026-01-05T02:07:59.999Z')).toBe('2026-01-05 10:07');
    expect(fmtDay('2026-12-03T16:30:00.000Z')).toBe('2026-12-04');
  });

  it('writes a deadline at 24:00 Beijing time as the day it ends', () => {
    // 2026-12-15 24:00 CST = 2026-12-15T16:00Z.
    expect(fmtDeadline('2026-12-15T16:00:00.000Z')).toBe('2026-12-15');
    expect(fmtDeadline('2026-12-15T08:30:00.000Z')).toBe('2026-12-15 16:30');
  });

  it('leaves a value that is not a date as it came', () => {
    expect(fmtDateTime('soon')).toBe('soon');
  });
});

describe('trend panel', () => {
  it('says there is nothing when no period has ballots', () => {
    expect(trendView([point('2026-12-01', 0), point('2026-12-02', 0)])).toEqual({ kind: 'empty' });
  });

  it('puts a single period with ballots into words instead of a chart of one dot', () => {
    const series = [
      ...Array.from({ length: 29 }, (_, i) => point(`2026-11-${i + 1}`, 0)),
      point('2026-11-30', 6, 0.9),
    ];
    expect(trendView(series)).toEqual({ kind: 'single', point: series[29] });
  });

  it('draws a chart from two periods on, and says when some periods are blank', () => {
    expect(trendView([point('a', 3, 0.9), point('b', 0), point('c', 2, 1)])).toEqual({
      kind: 'chart',
      withData: 2,
      gaps: true,
    });
    expect(trendView([point('a', 3, 0.9), point('b', 2, 1)])).toMatchObject({ gaps: false });
  });

  it('starts the value axis below the lowest figure, on a multiple of ten', () => {
    expect(axisFloor([96.5, null, 91.2, 88])).toBe(80);
    expect(axisFloor([100, 95])).toBe(90);
    expect(axisFloor([3, 40])).toBe(0);
    expect(axisFloor([null])).toBe(0);
  });
});
