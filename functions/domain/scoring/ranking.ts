/**
 * Rankings that show their uncertainty honestly: standard competition ranks at the published
 * rounding, and joint 95% rank confidence sets with tiers derived from the same simultaneous
 * pairwise inference (the step-down construction of Mogstad, Romano, Shaikh & Wilhelm 2023,
 * "Inference for Ranks with Applications to Mobility across Neighbourhoods and Academic
 * Achievement across Countries", as in the R package csranks with `simul = TRUE`).
 * Pure functions; docs/scoring-method.md states every rule.
 */
import { mulberry32, normalSource } from './prng';

export interface RankInput {
  countyId: string;
  /** Point estimate (0–100). */
  score: number;
  /** Standard error used for inference (t-adjusted by the caller, see results.ts). */
  se: number;
}

export interface RankedCounty extends RankInput {
  /** The score rounded as published. */
  published: number;
  rank: number;
  /** Joint 95% rank confidence set: every county's true rank lies in its set at once with ≥ 95%. */
  rankInterval: { low: number; high: number };
  /** 1-based tier (top = 1): counties in different tiers are told apart by the joint test. */
  group: number;
}

/** Half-away-from-zero rounding to `decimals`, with a tiny bias so 84.125 stays 84.13 despite binary floats. */
export function roundPublished(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.sign(x) * (Math.round(Math.abs(x) * f + 1e-9) / f);
}

/**
 * Standard competition ranking ("1224"): rank = 1 + the number of items strictly greater.
 * Returned in input order.
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

/** The result of the simultaneous pairwise test. */
export interface JointTest {
  /** The final critical value c of the step-down. */
  critical: number;
  /** Step-down rounds until no new rejection. */
  steps: number;
  /** above[i]: the number of counties told apart as above i. */
  above: number[];
  /** below[i]: the number of counties told apart as below i. */
  below: number[];
  /** above[i] as a set, i·p + j true when j is told apart as above i. */
  isAbove: Uint8Array;
}

/**
 * The simultaneous test of all hypotheses H_jk: θ_j ≤ θ_k (j ≠ k) at level α, step-down:
 *   T_jk = (θ̂_j − θ̂_k) / √(se_j² + se_k²);
 *   c(I) = the (1 − α) quantile (type 1) over `draws` parametric draws Z_j ~ N(0, se_j²)
 *          of max over (j, k) in I of (Z_j − Z_k) / √(se_j² + se_k²);
 *   start with I = all ordered pairs; reject every H_jk in I with T_jk > c(I); remove them
 *   from I and repeat until a round rejects nothing.
 * The draws are made once, county by county in input order within each draw, from
 * mulberry32(seed) through Box–Muller, and reused in every round.
 */
export function jointPairwiseTest(
  items: readonly RankInput[],
  seed: number,
  draws = 1000,
  alpha = 0.05,
): JointTest {
  const p = items.length;
  const se = items.map((i) => (Number.isFinite(i.se) && i.se > 0 ? i.se : 0));
  const normal = normalSource(mulberry32(seed));
  const z = new Float64Array(draws * p);
  for (let d = 0; d < draws; d++) for (let j = 0; j < p; j++) z[d * p + j] = se[j]! * normal();

  // Unordered pairs j < k with 1/σ_jk; state bit 1: H_jk (statistic Z_j − Z_k) still in I,
  // bit 2: H_kj (statistic Z_k − Z_j) still in I. At most one of the two is ever rejected.
  const pairs = (p * (p - 1)) / 2;
  const pj = new Int32Array(pairs);
  const pk = new Int32Array(pairs);
  const inv = new Float64Array(pairs);
  const state = new Uint8Array(pairs);
  const tStat = new Float64Array(pairs);
  let n = 0;
  for (let j = 0; j < p; j++) {
    for (let k = j + 1; k < p; k++) {
      const s = Math.sqrt(se[j]! * se[j]! + se[k]! * se[k]!);
      pj[n] = j;
      pk[n] = k;
      inv[n] = s > 0 ? 1 / s : 0;
      // With σ = 0 two exact estimates differ exactly: any gap is a rejection.
      tStat[n] =
        s > 0
          ? (items[j]!.score - items[k]!.score) / s
          : Math.sign(items[j]!.score - items[k]!.score) * Infinity;
      state[n] = 3;
      n++;
    }
  }
  // Each draw keeps its TOP largest statistics and the pairs that attain them, and the TOP-th
  // value at the time of its last scan as a bound on every pair outside that list. Removing
  // directions only lowers statistics, so after a round the draw's new max is the best of its
  // listed pairs re-evaluated, whenever that best still reaches the bound; only otherwise is the
  // draw scanned again. This keeps later rounds cheap however many pairs they reject.
  const TOP = 8;
  const topPair = new Int32Array(draws * TOP).fill(-1);
  const topValue = new Float64Array(draws * TOP).fill(Number.NEGATIVE_INFINITY);
  const bound = new Float64Array(draws);
  const maxima = new Float64Array(draws);
  const stale = new Uint8Array(draws).fill(1);
  // The open hypotheses, compacted each round: pairs with both directions open (statistic
  // |Z_a − Z_b|) and pairs with one (statistic Z_a − Z_b, a and b ordered accordingly).
  const bothA = new Int32Array(pairs);
  const bothB = new Int32Array(pairs);
  const bothInv = new Float64Array(pairs);
  const bothAt = new Int32Array(pairs);
  const oneA = new Int32Array(pairs);
  const oneB = new Int32Array(pairs);
  const oneInv = new Float64Array(pairs);
  const oneAt = new Int32Array(pairs);
  let nBoth = 0;
  let nOne = 0;
  const compact = () => {
    nBoth = 0;
    nOne = 0;
    for (let i = 0; i < pairs; i++) {
      const st = state[i]!;
      if (st === 3) {
        bothA[nBoth] = pj[i]!;
        bothB[nBoth] = pk[i]!;
        bothInv[nBoth] = inv[i]!;
        bothAt[nBoth++] = i;
      } else if (st !== 0) {
        oneA[nOne] = st === 1 ? pj[i]! : pk[i]!;
        oneB[nOne] = st === 1 ? pk[i]! : pj[i]!;
        oneInv[nOne] = inv[i]!;
        oneAt[nOne++] = i;
      }
    }
  };
  /** The statistic of pair i in draw d over the directions still open (−∞ when none). */
  const statisticOf = (d: number, i: number): number => {
    const st = state[i]!;
    if (st === 0) return Number.NEGATIVE_INFINITY;
    const diff = (z[d * p + pj[i]!]! - z[d * p + pk[i]!]!) * inv[i]!;
    return st === 3 ? Math.abs(diff) : st === 1 ? diff : -diff;
  };
  /** Inserts (v, at) into draw list [base, base + TOP) kept descending; returns its new last value. */
  const offer = (base: number, v: number, at: number): number => {
    let s = base + TOP - 1;
    while (s > base && topValue[s - 1]! < v) {
      topValue[s] = topValue[s - 1]!;
      topPair[s] = topPair[s - 1]!;
      s--;
    }
    topValue[s] = v;
    topPair[s] = at;
    return topValue[base + TOP - 1]!;
  };
  const scan = (d: number): void => {
    const off = d * p;
    const base = d * TOP;
    topValue.fill(Number.NEGATIVE_INFINITY, base, base + TOP);
    topPair.fill(-1, base, base + TOP);
    let floor = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < nBoth; i++) {
      const v = Math.abs(z[off + bothA[i]!]! - z[off + bothB[i]!]!) * bothInv[i]!;
      if (v > floor) floor = offer(base, v, bothAt[i]!);
    }
    for (let i = 0; i < nOne; i++) {
      const v = (z[off + oneA[i]!]! - z[off + oneB[i]!]!) * oneInv[i]!;
      if (v > floor) floor = offer(base, v, oneAt[i]!);
    }
    bound[d] = floor;
    maxima[d] = topValue[base]!;
  };
  /** The draw's max after a round, from its list when the list still decides it, else by a scan. */
  const refresh = (d: number): void => {
    const base = d * TOP;
    let best = Number.NEGATIVE_INFINITY;
    for (let s = base; s < base + TOP; s++) {
      const at = topPair[s]!;
      if (at < 0) continue;
      const v = changed[at] ? statisticOf(d, at) : topValue[s]!;
      topValue[s] = v;
      if (v > best) best = v;
    }
    if (best >= bound[d]! && best > Number.NEGATIVE_INFINITY) maxima[d] = best;
    else scan(d);
  };
  const changed = new Uint8Array(pairs).fill(1);
  const sorted = new Float64Array(draws);
  const idx = Math.min(draws - 1, Math.max(0, Math.ceil((1 - alpha) * draws) - 1));
  let critical = Number.POSITIVE_INFINITY;
  let steps = 0;
  for (;;) {
    steps++;
    compact();
    if (nBoth + nOne === 0) break;
    for (let d = 0; d < draws; d++) {
      if (stale[d]) {
        scan(d);
        stale[d] = 0;
      } else refresh(d);
    }
    changed.fill(0);
    sorted.set(maxima);
    sorted.sort();
    critical = sorted[idx]!;
    let rejected = 0;
    for (let i = 0; i < pairs; i++) {
      const st = state[i]!;
      if ((st & 1) !== 0 && tStat[i]! > critical) {
        // j told apart above k; H_kj stays in I (it is true of the estimates and cannot be rejected).
        state[i] = st & ~1;
        changed[i] = 1;
        rejected++;
      } else if ((st & 2) !== 0 && -tStat[i]! > critical) {
        state[i] = st & ~2;
        changed[i] = 1;
        rejected++;
      }
    }
    if (rejected === 0) break;
  }
  const above = new Array<number>(p).fill(0);
  const below = new Array<number>(p).fill(0);
  const isAbove = new Uint8Array(p * p);
  for (let i = 0; i < pairs; i++) {
    const j = pj[i]!;
    const k = pk[i]!;
    if (tStat[i]! > critical) {
      below[j]!++;
      above[k]!++;
      isAbove[k * p + j] = 1;
    } else if (-tStat[i]! > critical) {
      above[j]!++;
      below[k]!++;
      isAbove[j * p + k] = 1;
    }
  }
  return { critical, steps, above, below, isAbove };
}

/**
 * Joint rank sets from the joint test: [1 + #told apart above, p − #told apart below].
 * Returned in input order.
 */
export const jointRankSets = (test: JointTest, p: number): { low: number; high: number }[] =>
  test.above.map((a, i) => ({ low: 1 + a, high: p - test.below[i]! }));

/**
 * Tiers from the same test: counties in score order (best first, ties in input order) are cut
 * between positions m and m + 1 only when every county up to m is told apart as above every
 * county after m. Tiers are the blocks between cuts, numbered from the top: two counties in
 * different tiers always differ, and a tier is the smallest block with that property.
 */
export function tiers(items: readonly RankInput[], test: JointTest): number[] {
  const p = items.length;
  const order = items.map((_, i) => i).sort((a, b) => items[b]!.score - items[a]!.score || a - b);
  // firstFail[b]: the first position a < b whose county is not told apart as above b's county.
  const firstFail = new Int32Array(p);
  for (let b = 0; b < p; b++) {
    let a = 0;
    while (a < b && test.isAbove[order[b]! * p + order[a]!] === 1) a++;
    firstFail[b] = a;
  }
  const out = new Array<number>(p);
  let tier = 1;
  let suffixMin = Number.POSITIVE_INFINITY;
  const cutAfter = new Uint8Array(p);
  for (let b = p - 1; b >= 1; b--) {
    suffixMin = Math.min(suffixMin, firstFail[b]!);
    // A cut after position b − 1 needs every county from b on to be below all of 0..b − 1.
    if (suffixMin >= b) cutAfter[b - 1] = 1;
  }
  for (let m = 0; m < p; m++) {
    out[order[m]!] = tier;
    if (cutAfter[m]) tier++;
  }
  return out;
}

/** Ranks, joint rank sets and tiers for one indicator (or the composite). Returned in input order. */
export function rankCounties(
  items: readonly RankInput[],
  opts: { decimals: number; seed: number; draws: number },
): RankedCounty[] {
  const published = items.map((i) => roundPublished(i.score, opts.decimals));
  const ranks = competitionRanks(published);
  const test = jointPairwiseTest(items, opts.seed, opts.draws);
  const sets = jointRankSets(test, items.length);
  const groups = tiers(items, test);
  return items.map((it, i) => ({
    ...it,
    published: published[i]!,
    rank: ranks[i]!,
    rankInterval: sets[i]!,
    group: groups[i]!,
  }));
}
