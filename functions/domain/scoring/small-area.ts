/**
 * Empirical-Bayes small-area estimates (Fay & Herriot 1979), beside the direct estimates.
 *
 * Model, for the counties ranked on one indicator: θ̂_j = μ + u_j + e_j with u_j ~ N(0, A)
 * between counties and e_j ~ N(0, D_j), D_j = se_j² the direct estimate's sampling variance
 * (taken as known). No covariates: each county borrows strength from the provincial mean.
 *
 *   A      Fay–Herriot moment estimator: the root of Σ (θ̂_j − μ̂(A))² / (A + D_j) = m − 1,
 *          0 when there is none above 0;
 *   μ̂(A)   Σ θ̂_j/(A + D_j) / Σ 1/(A + D_j);
 *   γ_j    A / (A + D_j), the weight of the county's own data;
 *   θ̃_j    γ_j·θ̂_j + (1 − γ_j)·μ̂;
 *   MSE_j  g1 + g2 + 2·g3 − (1 − γ_j)²·b (Datta, Rao & Smith 2005, for the FH estimator of A):
 *          g1 = γ_j·D_j,  g2 = (1 − γ_j)² / S1,  g3 = (1 − γ_j)² / (A + D_j) · 2m / S1²,
 *          b = 2·(m·S2 − S1²) / S1³,  S1 = Σ 1/(A + D_k),  S2 = Σ 1/(A + D_k)².
 */

export interface SmallAreaInput {
  score: number;
  se: number;
}

export interface SmallAreaEstimate {
  /** θ̃: the shrunk estimate. */
  score: number;
  /** Its estimated mean squared error. */
  mse: number;
  /** γ: the weight of the county's own data (1 = no shrinkage). */
  shrinkage: number;
}

export interface SmallAreaFit {
  /** Â: between-county variance. */
  a: number;
  /** μ̂: provincial mean. */
  mu: number;
  estimates: SmallAreaEstimate[];
}

const sums = (items: readonly SmallAreaInput[], a: number) => {
  let s1 = 0;
  let s2 = 0;
  let sx = 0;
  for (const it of items) {
    const w = 1 / (a + it.se * it.se);
    s1 += w;
    s2 += w * w;
    sx += w * it.score;
  }
  return { s1, s2, mu: sx / s1 };
};

/** Σ (θ̂ − μ̂(A))² / (A + D) − (m − 1): decreasing in A. */
const moment = (items: readonly SmallAreaInput[], a: number): number => {
  const { mu } = sums(items, a);
  let q = 0;
  for (const it of items) q += (it.score - mu) ** 2 / (a + it.se * it.se);
  return q - (items.length - 1);
};

/** Fits the model to the counties of one ranking (in input order); needs at least 3 counties. */
export function fayHerriot(items: readonly SmallAreaInput[]): SmallAreaFit | undefined {
  const m = items.length;
  if (m < 3 || items.some((i) => !(Number.isFinite(i.score) && i.se > 0))) return undefined;
  let a = 0;
  if (moment(items, 0) > 0) {
    // Bisection on [0, hi] with hi the spread of the scores (moment < 0 there).
    let lo = 0;
    let hi = 1;
    while (moment(items, hi) > 0) hi *= 2;
    for (let k = 0; k < 200 && hi - lo > 1e-12 * (1 + hi); k++) {
      const mid = (lo + hi) / 2;
      if (moment(items, mid) > 0) lo = mid;
      else hi = mid;
    }
    a = (lo + hi) / 2;
  }
  const { s1, s2, mu } = sums(items, a);
  const b = (2 * (m * s2 - s1 * s1)) / s1 ** 3;
  const estimates = items.map((it) => {
    const d = it.se * it.se;
    const gamma = a / (a + d);
    const g1 = gamma * d;
    const g2 = (1 - gamma) ** 2 / s1;
    const g3 = ((1 - gamma) ** 2 / (a + d)) * ((2 * m) / (s1 * s1));
    const mse = Math.max(g1 + g2 + 2 * g3 - (1 - gamma) ** 2 * b, g1 + g2);
    return { score: gamma * it.score + (1 - gamma) * mu, mse, shrinkage: gamma };
  });
  return { a, mu, estimates };
}
