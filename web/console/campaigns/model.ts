/** Pure helpers of the campaign pages: ranking rows, sorting and the dot plot's geometry (unit-tested in Node). */

export interface Interval {
  low: number | null;
  high: number | null;
}

/** One row of the ranking table for the chosen indicator (or the composite). */
export interface RankingRow {
  countyId: string;
  name: string;
  status: string;
  n: number | null;
  effectiveN: number | null;
  score: number | null;
  ci: Interval;
  rate: number | null;
  published: number | null;
  rank: number | null;
  rankInterval: Interval | null;
  group: number | null;
  /** Kish design effect n / n_eff. */
  designEffect: number | null;
  /** The largest single weight's share of Σw (null when not recorded). */
  largestWeightShare: number | null;
  /** Fay–Herriot estimate beside the direct one, with its root MSE. */
  smallArea: { score: number; rmse: number } | null;
  qr: number | null;
  divergence: string | null;
}

interface SmallArea {
  score: number;
  mse: number;
}

interface Estimate {
  n: number;
  effectiveN: number;
  designEffect?: number | null;
  largestWeightShare?: number | null;
  mean: number | null;
  meanCi: Interval;
  satisfactionRate: number | null;
}
interface Cell {
  status: string;
  estimate: Estimate;
  published: number | null;
  rank?: number;
  rankInterval?: Interval;
  group?: number;
  smallArea?: SmallArea;
}
interface CountyResultView {
  countyId: string;
  indicators: Record<string, Cell>;
  composite: {
    status: string;
    n?: number;
    effectiveN?: number;
    largestWeightShare?: number | null;
    score: number | null;
    ci: Interval;
    published: number | null;
    rank?: number;
    rankInterval?: Interval;
    group?: number;
    smallArea?: SmallArea;
  };
  qr?: { score: number; n: number };
  divergence?: { direction: string };
}

/** Rows of one ranking out of a results view; `code` is an indicator code or `_composite`. */
export function rankingRows(
  results: CountyResultView[],
  names: Record<string, string>,
  code: string,
): RankingRow[] {
  const eb = (x: SmallArea | undefined) => (x ? { score: x.score, rmse: Math.sqrt(x.mse) } : null);
  return results.map((r) => {
    const common = {
      countyId: r.countyId,
      name: names[r.countyId] ?? r.countyId,
      qr: r.qr?.score ?? null,
      divergence: r.divergence?.direction ?? null,
    };
    if (code === '_composite') {
      const c = r.composite;
      return {
        ...common,
        status: c.status,
        n: c.n ?? null,
        effectiveN: c.effectiveN ?? null,
        designEffect: c.n !== undefined && c.effectiveN ? c.n / c.effectiveN : null,
        largestWeightShare: c.largestWeightShare ?? null,
        smallArea: eb(c.smallArea),
        score: c.score,
        ci: c.ci,
        rate: null,
        published: c.published,
        rank: c.rank ?? null,
        rankInterval: c.rankInterval ?? null,
        group: c.group ?? null,
      };
    }
    const c = r.indicators[code]!;
    return {
      ...common,
      status: c.status,
      n: c.estimate.n,
      effectiveN: c.estimate.effectiveN,
      designEffect: c.estimate.designEffect ?? null,
      largestWeightShare: c.estimate.largestWeightShare ?? null,
      smallArea: eb(c.smallArea),
      score: c.estimate.mean,
      ci: c.estimate.meanCi,
      rate: c.estimate.satisfactionRate,
      published: c.published,
      rank: c.rank ?? null,
      rankInterval: c.rankInterval ?? null,
      group: c.group ?? null,
    };
  });
}

export type SortKey = 'rank' | 'score' | 'name' | 'n' | 'qr' | 'rate';

/** Sorted copy; unranked / missing values always last, whatever the direction. */
export function sortRows(rows: readonly RankingRow[], key: SortKey, ascending: boolean): RankingRow[] {
  const val = (r: RankingRow): number | string | null =>
    key === 'name'
      ? r.name
      : key === 'rank'
        ? r.rank
        : key === 'score'
          ? r.score
          : key === 'n'
            ? r.n
            : key === 'qr'
              ? r.qr
              : r.rate;
  return [...rows].sort((a, b) => {
    const x = val(a);
    const y = val(b);
    if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
    const c = x < y ? -1 : x > y ? 1 : 0;
    return ascending ? c : -c;
  });
}

export interface DotPlotPoint {
  countyId: string;
  label: string;
  y: number;
  x: number;
  x1: number;
  x2: number;
  group: number | null;
}

/**
 * Geometry of the dot plot: ranked counties top to bottom by rank, each a dot at its score with a
 * line over its 95% interval, on a scale fitted to the intervals.
 */
export function dotPlotLayout(rows: readonly RankingRow[], width: number, rowHeight = 14, left = 90) {
  const ranked = rows
    .filter((r) => r.rank !== null && r.score !== null)
    .sort((a, b) => a.rank! - b.rank! || (a.score! > b.score! ? -1 : 1));
  const lows = ranked.map((r) => r.ci.low ?? r.score!);
  const highs = ranked.map((r) => r.ci.high ?? r.score!);
  const min = Math.floor(Math.min(...lows, 100));
  const max = Math.ceil(Math.max(...highs, 0));
  const span = Math.max(1, max - min);
  const sx = (v: number) => left + ((v - min) / span) * (width - left - 10);
  const points: DotPlotPoint[] = ranked.map((r, i) => ({
    countyId: r.countyId,
    label: `${r.rank}. ${r.name}`,
    y: 20 + i * rowHeight,
    x: sx(r.score!),
    x1: sx(lows[i]!),
    x2: sx(highs[i]!),
    group: r.group,
  }));
  return {
    points,
    min,
    max,
    height: 30 + ranked.length * rowHeight,
    axis: [min, (min + max) / 2, max].map((v) => ({ v, x: sx(v) })),
  };
}

/** File bytes as base64 (for the local JSON upload path). */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
