/** What the dashboard's trend panel shows for a series: pure, so it is tested without a browser. */
import type { DashboardPoint } from '../types';

/**
 * The lower end of the value axis: a multiple of 10 at least 5 below the lowest value, so figures
 * near the ceiling (most rates sit between 90 and 100) are not squashed against the top.
 */
export function axisFloor(values: readonly (number | null)[]): number {
  const present = values.filter((x): x is number => x !== null);
  if (present.length === 0) return 0;
  return Math.max(0, Math.floor((Math.min(...present) - 5) / 10) * 10);
}

export type TrendView =
  | { kind: 'empty' }
  /** One period with ballots: said in words, since a chart of one dot reads as nothing. */
  | { kind: 'single'; point: DashboardPoint }
  /** A chart; `gaps` when some periods have no ballots (the lines break there). */
  | { kind: 'chart'; withData: number; gaps: boolean };

export function trendView(series: readonly DashboardPoint[]): TrendView {
  const points = series.filter((p) => p.responses > 0);
  if (points.length === 0) return { kind: 'empty' };
  if (points.length === 1) return { kind: 'single', point: points[0]! };
  return { kind: 'chart', withData: points.length, gaps: points.length < series.length };
}
