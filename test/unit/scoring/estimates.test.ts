import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addSums,
  answerSums,
  emptySums,
  type IndicatorSums,
} from '../../../functions/domain/scoring/aggregate';
import {
  estimateIndicator,
  kishN,
  t95,
  varianceFloor,
  weightedMean,
  wilson,
  Z95,
} from '../../../functions/domain/scoring/estimates';

const SCALE = { min: 0, max: 100, step: 30 };

const sumsOf = (rows: { x: number; w: number; level?: number; sat?: boolean }[]): IndicatorSums =>
  rows.reduce((a, r) => addSums(a, answerSums(r.x, r.w, r.level ?? 0, r.sat ?? false)), emptySums());

describe('estimates against values computed by hand', () => {
  it('gives the textbook unweighted mean and interval', () => {
    // 100, 80, 60: mean 80, sample variance 400, se = √(400/3) = 11.5470
    const e = weightedMean(
      sumsOf([
        { x: 100, w: 1 },
        { x: 80, w: 1 },
        { x: 60, w: 1 },
      ]),
      SCALE,
    );
    expect(e.mean).toBe(80);
    expect(e.se).toBeCloseTo(11.547005, 5);
    expect(e.effectiveN).toBe(3);
  });

  it('uses Kish effective n for weighted data', () => {
    // x = 100 (w 3), 60 (w 1): mean 90, population variance 300, n_eff = 16/10 = 1.6,
    // corrected variance 300·1.6/0.6 = 800, se = √(800/1.6) = √500
    const e = weightedMean(
      sumsOf([
        { x: 100, w: 3 },
        { x: 60, w: 1 },
      ]),
      SCALE,
    );
    expect(e.mean).toBe(90);
    expect(e.effectiveN).toBeCloseTo(1.6, 12);
    expect(e.se).toBeCloseTo(Math.sqrt(500), 9);
    expect(kishN(4, 6)).toBeCloseTo(16 / 6, 12);
  });

  it('matches the guide: p = 0.95 at n = 200 gives roughly 91.0–97.3', () => {
    const ci = wilson(0.95, 200);
    expect(ci.low).toBeCloseTo(0.9104, 4);
    expect(ci.high).toBeCloseTo(0.9726, 4);
  });

  it('keeps the Wilson interval inside [0, 1] at a 100% rate', () => {
    const ci = wilson(1, 50);
    expect(ci.high).toBe(1);
    expect(ci.low).toBeCloseTo(50 / (50 + Z95 * Z95), 9);
  });

  it('reports the weighted satisfaction rate and counts per level', () => {
    const s = sumsOf([
      { x: 100, w: 2, level: 5, sat: true },
      { x: 30, w: 1, level: 2, sat: false },
      { x: 60, w: 1, level: 3, sat: true },
    ]);
    const e = estimateIndicator(s, SCALE);
    expect(e.satisfactionRate).toBe(0.75);
    expect(e.weightedN).toBe(4);
    expect(s.levels).toEqual([0, 1, 1, 0, 1]);
  });

  it('uses t with n_eff − 1 degrees of freedom and bounds the interval to the scale', () => {
    // 100, 80, 60: t(0.975, 2) = 4.302653, half-width 4.302653 · 11.547005 = 49.68, bounded to 100.
    const e = estimateIndicator(
      sumsOf([
        { x: 100, w: 1 },
        { x: 80, w: 1 },
        { x: 60, w: 1 },
      ]),
      SCALE,
    );
    expect(t95(2)).toBeCloseTo(4.302653, 6);
    expect(e.df).toBe(2);
    expect(e.meanCi.low).toBeCloseTo(80 - 4.302653 * 11.547005, 4);
    expect(e.meanCi.high).toBe(100);
    expect(e.designEffect).toBe(1);
    expect(e.largestWeightShare).toBeCloseTo(1 / 3, 12);
  });

  it("states the largest weight's share of the cell's weights, and keeps it while answers remain after a subtraction", () => {
    const s = sumsOf([
      { x: 100, w: 1 },
      { x: 80, w: 6 },
      { x: 60, w: 3 },
    ]);
    expect(s.wmax).toBe(6);
    expect(estimateIndicator(s, SCALE).largestWeightShare).toBeCloseTo(0.6, 12);
    expect(addSums(s, sumsOf([{ x: 60, w: 3 }]), -1).wmax).toBe(6);
    expect(addSums(s, s, -1).wmax).toBe(0);
    expect(estimateIndicator(addSums(s, s, -1), SCALE).largestWeightShare).toBeNaN();
  });

  it('gives forty identical answers an interval of positive width (the variance floor)', () => {
    const e = estimateIndicator(
      sumsOf(Array.from({ length: 40 }, () => ({ x: 100, w: 1, level: 5, sat: true }))),
      SCALE,
    );
    // v_min = 30² · (1/42) · (41/42) = 20.918; se = √(20.918/40) = 0.72316; t(0.975, 39) = 2.022691.
    expect(varianceFloor(40, SCALE)).toBeCloseTo((900 * 41) / (42 * 42), 9);
    expect(e.se).toBeCloseTo(Math.sqrt((900 * 41) / (42 * 42) / 40), 9);
    expect(e.meanCi.high).toBe(100);
    expect(e.meanCi.low).toBeCloseTo(100 - 2.022691 * 0.723159, 4);
    expect(e.meanCi.low).toBeLessThan(98.6);
  });

  it('publishes exact zeros for a cell whose every answer was withdrawn', () => {
    const s = sumsOf([
      { x: 100, w: 0.3, level: 5, sat: true },
      { x: 30, w: 0.7, level: 2, sat: false },
    ]);
    const residue = addSums(addSums(s, { ...s, sw: s.sw - 5e-15 }, -1), emptySums());
    expect(residue.n).toBe(0);
    const e = estimateIndicator(residue, SCALE);
    expect(e.n).toBe(0);
    expect(e.weightedN).toBe(0);
    expect(e.effectiveN).toBe(0);
    expect(Number.isNaN(e.mean)).toBe(true);
  });

  it('has no interval for a single answer', () => {
    expect(Number.isNaN(weightedMean(sumsOf([{ x: 80, w: 1 }]), SCALE).se)).toBe(true);
  });
});

/** Brute force straight from the raw rows, no running sums. */
function bruteForce(rows: { x: number; w: number; sat: boolean }[]) {
  const W = rows.reduce((a, r) => a + r.w, 0);
  const mean = rows.reduce((a, r) => a + r.w * r.x, 0) / W;
  const neff = W ** 2 / rows.reduce((a, r) => a + r.w ** 2, 0);
  const pop = rows.reduce((a, r) => a + r.w * (r.x - mean) ** 2, 0) / W;
  const se = Math.sqrt((pop * neff) / (neff - 1) / neff);
  const rate = rows.reduce((a, r) => a + (r.sat ? r.w : 0), 0) / W;
  return { mean, neff, se, rate };
}

const level = fc.integer({ min: 1, max: 5 });
const mapping = [0, 30, 60, 80, 100];

describe('estimates against brute-force recomputation from raw rows', () => {
  for (const weighted of [false, true]) {
    it(`agrees on mean, n_eff, se and rate (${weighted ? 'weighted' : 'unweighted'})`, () => {
      fc.assert(
        fc.property(
          fc.array(
            fc.record({ level, w: weighted ? fc.double({ min: 0.1, max: 5, noNaN: true }) : fc.constant(1) }),
            { minLength: 2, maxLength: 300 },
          ),
          (raw) => {
            const rows = raw.map((r) => ({
              x: mapping[r.level - 1]!,
              w: r.w,
              sat: r.level >= 3,
              level: r.level,
            }));
            const e = estimateIndicator(sumsOf(rows), SCALE);
            const b = bruteForce(rows);
            expect(e.mean).toBeCloseTo(b.mean, 8);
            expect(e.effectiveN).toBeCloseTo(b.neff, 8);
            expect(e.satisfactionRate).toBeCloseTo(b.rate, 10);
            expect(e.n).toBe(rows.length);
            // The variance floor binds only when the spread is below it.
            const floorSe = Math.sqrt(varianceFloor(b.neff, SCALE) / b.neff);
            if (Number.isFinite(b.se) && b.se > floorSe) expect(e.se / b.se).toBeCloseTo(1, 6);
            else if (b.neff > 1) expect(e.se).toBeCloseTo(floorSe, 9);
          },
        ),
        { numRuns: 200 },
      );
    });
  }

  it('returns to zero when an upload is added then withdrawn', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ level, w: fc.double({ min: 0.1, max: 5, noNaN: true }) }), { maxLength: 50 }),
        (raw) => {
          const s = sumsOf(
            raw.map((r) => ({ x: mapping[r.level - 1]!, w: r.w, level: r.level, sat: r.level >= 3 })),
          );
          const back = addSums(addSums(emptySums(), s), s, -1);
          expect(back.n).toBe(0);
          expect(back.levels).toEqual([0, 0, 0, 0, 0]);
          expect(Math.abs(back.swx)).toBeLessThan(1e-6);
        },
      ),
    );
  });
});
