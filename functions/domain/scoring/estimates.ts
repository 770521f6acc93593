/**
 * Point estimates and 95% intervals from sufficient statistics (see docs/scoring-method.md).
 * Weighted estimates use Kish's effective sample size n_eff = (Σw)² / Σw² in place of n; with
 * unit weights every formula reduces to the textbook unweighted one. Intervals of the mean use
 * Student's t with n_eff − 1 degrees of freedom and are bounded to the scale; a cell whose
 * answers are all equal keeps an interval of positive width (a documented variance floor).
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import type { IndicatorSums } from './aggregate';

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/** The score scale: the lowest and highest level score (default 0 and 100), and its widest step. */
export interface Scale {
  min: number;
  max: number;
  /** The largest gap between adjacent level scores (30 for 0/30/60/80/100). */
  step: number;
}

export function scaleOf(levelScores: readonly number[]): Scale {
  const sorted = [...levelScores].sort((a, b) => a - b);
  let step = 0;
  for (let i = 1; i < sorted.length; i++) step = Math.max(step, sorted[i]! - sorted[i - 1]!);
  return { min: sorted[0]!, max: sorted[sorted.length - 1]!, step };
}

export interface IndicatorEstimate {
  n: number;
  weightedN: number;
  /** Kish: (Σw)² / Σw² */
  effectiveN: number;
  /** Kish design effect of the weights: n / n_eff (1 with equal weights). */
  designEffect: number;
  /** The largest single weight's share of Σw (1/n with equal weights); NaN when not recorded. */
  largestWeightShare: number;
  /** Σw·x / Σw on the 0–100 scale. */
  mean: number;
  /** Standard error of the mean (with the variance floor). */
  se: number;
  /** Degrees of freedom of the t interval: n_eff − 1. */
  df: number;
  /** mean ± t(0.975, df)·se, bounded to the scale. */
  meanCi: Interval;
  /** Σw·s / Σw in [0, 1]. */
  satisfactionRate: number;
  /** Wilson score interval at n = n_eff. */
  satisfactionCi: Interval;
}

/** The largest single weight's share of Σw; NaN for an empty cell or one without a recorded largest weight. */
export const largestWeightShare = (s: IndicatorSums): number =>
  s.n > 0 && s.sw > 0 && s.wmax > 0 ? Math.min(1, s.wmax / s.sw) : Number.NaN;

/** Kish's effective sample size. */
export const kishN = (sw: number, sw2: number): number => (sw2 > 0 ? (sw * sw) / sw2 : 0);

/** t(0.975, df): the two-sided 95% quantile of Student's t; NaN below one degree of freedom. */
export const t95 = (df: number): number => (df > 0 ? tQuantile(0.975, df) : Number.NaN);

/**
 * The least variance a cell may claim: as if one of n_eff + 2 answers lay one (widest) level
 * step away from the rest (the "add one" rule):
 *   v_min = step² · q · (1 − q),  q = 1 / (n_eff + 2).
 * Forty identical answers of 100 thus give [98.5, 100] rather than [100, 100], in line with the
 * rule of three (up to 3/40 of answers could be a level lower); with real spread the floor does
 * not bind (at n_eff = 40 it is 20.9 against a typical 200–700).
 */
export const varianceFloor = (effectiveN: number, scale: Scale): number => {
  const q = 1 / (effectiveN + 2);
  return scale.step * scale.step * q * (1 - q);
};

/**
 * Weighted mean and its standard error:
 *   m = Σwx/Σw,  s² = max((Σwx²/Σw − m²) · n_eff/(n_eff − 1), v_min),  se = √(s² / n_eff).
 * With w ≡ 1 and real spread this is the sample variance with n − 1 and se = s/√n.
 * A cell with no answers (n = 0) has no estimate: sums left by withdrawn uploads are rounding
 * noise and are not read.
 */
export function weightedMean(
  s: IndicatorSums,
  scale: Scale,
): { mean: number; se: number; effectiveN: number; df: number } {
  if (s.n <= 0 || s.sw <= 0) return { mean: Number.NaN, se: Number.NaN, effectiveN: 0, df: Number.NaN };
  const effectiveN = kishN(s.sw, s.sw2);
  const mean = Math.min(scale.max, Math.max(scale.min, s.swx / s.sw));
  // Clamp rounding noise: the population variance of identical values may come out as −1e-12.
  const pop = Math.max(0, s.swx2 / s.sw - mean * mean);
  const variance =
    effectiveN > 1
      ? Math.max((pop * effectiveN) / (effectiveN - 1), varianceFloor(effectiveN, scale))
      : Number.NaN;
  return { mean, se: Math.sqrt(variance / effectiveN), effectiveN, df: effectiveN - 1 };
}

/** A t interval around `mean`, bounded to the scale. */
export function tInterval(mean: number, se: number, df: number, scale: Scale): Interval {
  const half = t95(df) * se;
  return { low: Math.max(scale.min, mean - half), high: Math.min(scale.max, mean + half) };
}

/** Wilson score interval for proportion p at sample size n (here n_eff), clipped to [0, 1]. */
export function wilson(p: number, n: number, z = Z95): Interval {
  if (!(n > 0)) return { low: Number.NaN, high: Number.NaN };
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Every figure of one county × indicator. */
export function estimateIndicator(s: IndicatorSums, scale: Scale): IndicatorEstimate {
  const { mean, se, effectiveN, df } = weightedMean(s, scale);
  const empty = s.n <= 0 || s.sw <= 0;
  const rate = empty ? Number.NaN : Math.min(1, Math.max(0, s.sws / s.sw));
  return {
    n: Math.max(0, s.n),
    weightedN: empty ? 0 : s.sw,
    effectiveN,
    designEffect: empty ? Number.NaN : s.n / effectiveN,
    largestWeightShare: largestWeightShare(s),
    mean,
    se,
    df,
    meanCi: tInterval(mean, se, df, scale),
    satisfactionRate: rate,
    satisfactionCi: wilson(rate, effectiveN),
  };
}
