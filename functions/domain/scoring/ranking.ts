/**
 * Rankings that show their uncertainty: standard competition ranks at the published rounding,
 * 95% rank intervals from a seeded parametric bootstrap, and groups of counties that cannot be
 * told apart. Pure functions; docs/scoring-method.md states every rule.
 */
import { mulberry32, normalSource } from './prng';

export interface RankInput {
  countyId: string;
  /** Point estimate (0–100). */
  score: number;
  /** Its standard error. */
  se: number;
}

export interface RankedCounty extends RankInput {
  /** The score rounded as published. */
  published: number;
  rank: number;
  rankInterval: { low: number; high: number };
  /** 1-based group of counties that cannot be told apart (top group = 1). */
  group: number;
}

/** Half-away-from-zero rounding to `decimals`, with a tiny bias so 84.125 stays 84.13 despite binary floats. */
export function roundPublished(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.sign(x) * (Math.round(Math.abs(x) * f + 1e-9) / f);
}

/**
 * Standard competition ranking ("1224"): rank = 1 + the number of items strictly greater.
 * Returned in input order. A native ascending sort of a Float64Array and one binary search per
 * item keep this fast enough for 6 × 1 000 bootstrap replicates of 167 counties.
 */
export function competitionRanks(values: ArrayLike<number>): number[] {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    // First position holding a value > v (upper bound): everything from there on is greater.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! > v) hi = mid;
      else lo = mid + 1;
    }
    out[i] = 1 + (n - lo);
  }
  return out;
}

/** The q-quantile (type 1: the ⌈q·n⌉-th smallest) of sorted values. */
const quantile = (sorted: ArrayLike<number>, q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;

/**
 * 95% rank intervals by parametric bootstrap: in each of `draws` replicates every county's score
 * is drawn from N(score, se²) in input order, ranked by competition ranking (unrounded), and the
 * 2.5% and 97.5% quantiles (type 1) of each county's ranks are reported.
 */
export function rankIntervals(
  items: readonly RankInput[],
  seed: number,
  draws = 1000,
): { low: number; high: number }[] {
  const normal = normalSource(mulberry32(seed));
  const ranks = items.map(() => new Int32Array(draws));
  const scores = new Float64Array(items.length);
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      scores[i] = it.score + (Number.isFinite(it.se) ? it.se : 0) * normal();
    }
    const r = competitionRanks(scores);
    for (let i = 0; i < items.length; i++) ranks[i]![d] = r[i]!;
  }
  return ranks.map((rs) => {
    rs.sort();
    return { low: quantile(rs, 0.025), high: quantile(rs, 0.975) };
  });
}

/** True when two estimates differ at the 5% level: |a − b| > z·√(se_a² + se_b²). */
export const distinguishable = (a: RankInput, b: RankInput, z = 1.959963984540054): boolean =>
  Math.abs(a.score - b.score) > z * Math.sqrt(a.se * a.se + b.se * b.se);

/**
 * Groups, top-anchored: walking counties from the best score down, a group starts at its
 * leader and takes every following county that the leader cannot be told apart from; the first
 * county that differs from the leader starts the next group. Each county is in exactly one group.
 */
export function indistinguishableGroups(items: readonly RankInput[]): number[] {
  const order = items.map((_, i) => i).sort((a, b) => items[b]!.score - items[a]!.score);
  const groups = new Array<number>(items.length);
  let group = 0;
  let leader: RankInput | undefined;
  for (const i of order) {
    if (!leader || distinguishable(leader, items[i]!)) {
      group++;
      leader = items[i]!;
    }
    groups[i] = group;
  }
  return groups;
}

/** Ranks, rank intervals and groups for one indicator (or the composite). Returned in input order. */
export function rankCounties(
  items: readonly RankInput[],
  opts: { decimals: number; seed: number; draws: number },
): RankedCounty[] {
  const published = items.map((i) => roundPublished(i.score, opts.decimals));
  const ranks = competitionRanks(published);
  const intervals = rankIntervals(items, opts.seed, opts.draws);
  const groups = indistinguishableGroups(items);
  return items.map((it, i) => ({
    ...it,
    published: published[i]!,
    rank: ranks[i]!,
    rankInterval: intervals[i]!,
    group: groups[i]!,
  }));
}
