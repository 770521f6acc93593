/**
 * The sufficient statistics of one county × indicator: everything the scores, intervals and
 * ranks need, so that a ranking reads O(counties × indicators) items and never the interviews.
 */

/** Running sums over the interviews that answered one indicator in one county. */
export interface IndicatorSums {
  /** Number of answers (unweighted). */
  n: number;
  /** Σw */
  sw: number;
  /** Σw·x, with x the mapped 0–100 score */
  swx: number;
  /** Σw·x² */
  swx2: number;
  /** Σw² */
  sw2: number;
  /** Σw·s, with s = 1 when the answer counts as satisfied (for the composite pseudo-indicator: unused, 0). */
  sws: number;
  /** Unweighted count per level, index 0 = level 1 … index 4 = level 5. */
  levels: [number, number, number, number, number];
  /**
   * The largest single weight among the answers (0 when unknown). Not a sum: adding keeps the
   * larger; subtracting cannot undo a maximum, so storage keeps it per upload and drops a
   * withdrawn upload's whole (see the scoring repository).
   */
  wmax: number;
}

export const emptySums = (): IndicatorSums => ({
  n: 0,
  sw: 0,
  swx: 0,
  swx2: 0,
  sw2: 0,
  sws: 0,
  levels: [0, 0, 0, 0, 0],
  wmax: 0,
});

/** The contribution of one answer: score x, weight w, level (1–5, or 0 for a derived value), satisfied flag. */
export function answerSums(x: number, w: number, level: number, satisfied: boolean): IndicatorSums {
  const s = emptySums();
  s.n = 1;
  s.sw = w;
  s.swx = w * x;
  s.swx2 = w * x * x;
  s.sw2 = w * w;
  s.sws = satisfied ? w : 0;
  s.wmax = w;
  if (level >= 1 && level <= 5) s.levels[level - 1] = 1;
  return s;
}

/**
 * a + sign·b, field by field (sign −1 reverses a withdrawn upload). The largest weight is the
 * larger of the two when adding; when subtracting it stays a's while answers remain.
 */
export function addSums(a: IndicatorSums, b: IndicatorSums, sign: 1 | -1 = 1): IndicatorSums {
  const n = a.n + sign * b.n;
  return {
    n,
    sw: a.sw + sign * b.sw,
    swx: a.swx + sign * b.swx,
    swx2: a.swx2 + sign * b.swx2,
    sw2: a.sw2 + sign * b.sw2,
    sws: a.sws + sign * b.sws,
    levels: a.levels.map((c, i) => c + sign * b.levels[i]!) as IndicatorSums['levels'],
    wmax: sign === 1 ? Math.max(a.wmax, b.wmax) : n > 0 ? a.wmax : 0,
  };
}
