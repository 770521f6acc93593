/**
 * Point estimates and 95% intervals from sufficient statistics (see docs/scoring-method.md).
 * Weighted estimates use Kish's effective sample size n_eff = (Σw)² / Σw² in place of n; with
 * unit weights every formula reduces to the textbook unweighted one.
 */
import type { IndicatorSums } from './aggregate';

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

export interface IndicatorEstimate {
  n: number;
  weightedN: number;
  /** Kish: (Σw)² / Σw² */
  effectiveN: number;
  /** Σw·x / Σw on the 0–100 scale. */
  mean: number;
  /** Standard error of the mean. */
  se: number;
  meanCi: Interval;
  /** Σw·s / Σw in [0, 1]. */
  satisfactionRate: number;
  /** Wilson score interval at n = n_eff. */
  satisfactionCi: Interval;
}

/** Kish's effective sample size. */
export const kishN = (sw: number, sw2: number): number => (sw2 > 0 ? (sw * sw) / sw2 : 0);

/**
 * Weighted mean and its standard error:
 *   m = Σwx/Σw,  s² = (Σwx²/Σw − m²) · n_eff/(n_eff − 1),  se = √(s² / n_eff).
 * With w ≡ 1 this is the sample variance with n − 1 and se = s/√n.
 */
export function weightedMean(s: IndicatorSums): { mean: number; se: number; effectiveN: number } {
  const effectiveN = kishN(s.sw, s.sw2);
  if (s.sw <= 0) return { mean: Number.NaN, se: Number.NaN, effectiveN };
  const mean = s.swx / s.sw;
  // Clamp rounding noise: the population variance of identical values may come out as −1e-12.
  const pop = Math.max(0, s.swx2 / s.sw - mean * mean);
  const variance = effectiveN > 1 ? (pop * effectiveN) / (effectiveN - 1) : Number.NaN;
  return { mean, se: Math.sqrt(variance / effectiveN), effectiveN };
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
export function estimateIndicator(s: IndicatorSums): IndicatorEstimate {
  const { mean, se, effectiveN } = weightedMean(s);
  const rate = s.sw > 0 ? s.sws / s.sw : Number.NaN;
  return {
    n: s.n,
    weightedN: s.sw,
    effectiveN,
    mean,
    se,
    meanCi: { low: mean - Z95 * se, high: mean + Z95 * se },
    satisfactionRate: rate,
    satisfactionCi: wilson(rate, effectiveN),
  };
}
