import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32, normalSource } from '../../../functions/domain/scoring/prng';
import {
  competitionRanks,
  jointPairwiseTest,
  jointRankSets,
  type RankInput,
  rankCounties,
  roundPublished,
  tiers,
} from '../../../functions/domain/scoring/ranking';

describe('standard competition ranking', () => {
  it('ranks ties 1, 2, 2, 4', () => {
    expect(competitionRanks([90, 85, 85, 80])).toEqual([1, 2, 2, 4]);
  });

  it('ties counties that differ only below the published rounding', () => {
    const ranked = rankCounties(
      [
        { countyId: 'a', score: 85.004, se: 1 },
        { countyId: 'b', score: 84.996, se: 1 },
        { countyId: 'c', score: 84.9, se: 1 },
      ],
      { decimals: 2, seed: 1, draws: 100 },
    );
    expect(ranked.map((r) => r.rank)).toEqual([1, 1, 3]);
    expect(ranked.map((r) => r.published)).toEqual([85, 85, 84.9]);
  });

  it('rounds half away from zero despite binary floats', () => {
    expect(roundPublished(84.125, 2)).toBe(84.13);
    expect(roundPublished(1.005, 2)).toBe(1.01);
  });

  it('equals 1 + the number of strictly greater values (brute force)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 60 }), (xs) => {
        expect(competitionRanks(xs)).toEqual(xs.map((x) => 1 + xs.filter((y) => y > x).length));
      }),
    );
  });
});

/**
 * The step-down written plainly: hypotheses as a set of ordered pairs, the max over the set
 * recomputed for every draw in every round. The module's version must agree with it exactly.
 */
function referenceStepDown(items: readonly RankInput[], seed: number, draws: number) {
  const p = items.length;
  const normal = normalSource(mulberry32(seed));
  const z: number[][] = [];
  for (let d = 0; d < draws; d++) z.push(items.map((it) => it.se * normal()));
  const sigma = (j: number, k: number) => Math.sqrt(items[j]!.se ** 2 + items[k]!.se ** 2);
  let open: [number, number][] = [];
  for (let j = 0; j < p; j++) for (let k = 0; k < p; k++) if (j !== k) open.push([j, k]);
  const rejected: [number, number][] = [];
  let c = Number.POSITIVE_INFINITY;
  for (;;) {
    const maxima = z.map((zd) => Math.max(...open.map(([j, k]) => (zd[j]! - zd[k]!) / sigma(j, k))));
    maxima.sort((a, b) => a - b);
    c = maxima[Math.ceil(0.95 * draws) - 1]!;
    const now = open.filter(([j, k]) => (items[j]!.score - items[k]!.score) / sigma(j, k) > c);
    if (now.length === 0) break;
    rejected.push(...now);
    open = open.filter(([j, k]) => !now.some(([a, b]) => a === j && b === k));
  }
  return items.map((_, i) => ({
    low: 1 + rejected.filter(([, k]) => k === i).length,
    high: p - rejected.filter(([j]) => j === i).length,
  }));
}

describe('joint rank confidence sets', () => {
  const items = Array.from({ length: 12 }, (_, i) => ({ countyId: `c${i}`, score: 90 - i * 0.8, se: 1.2 }));

  it('agree with a plain reference implementation of the step-down', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            score: fc.double({ min: 60, max: 100, noNaN: true }),
            se: fc.double({ min: 0.2, max: 4, noNaN: true }),
          }),
          { minLength: 2, maxLength: 9 },
        ),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (xs, seed) => {
          const its = xs.map((x, i) => ({ countyId: String(i), ...x }));
          expect(jointRankSets(jointPairwiseTest(its, seed, 200), its.length)).toEqual(
            referenceStepDown(its, seed, 200),
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('are reproducible from the seed', () => {
    const a = jointRankSets(jointPairwiseTest(items, 42), items.length);
    expect(jointRankSets(jointPairwiseTest(items, 42), items.length)).toEqual(a);
  });

  it('collapse to the rank itself when scores are exact', () => {
    const exact = items.map((i) => ({ ...i, se: 0 }));
    expect(jointRankSets(jointPairwiseTest(exact, 7, 50), exact.length)).toEqual(
      exact.map((_, i) => ({ low: i + 1, high: i + 1 })),
    );
  });

  it('contain the point rank and are wider than marginal neighbours would suggest', () => {
    const sets = rankCounties(items, { decimals: 2, seed: 42, draws: 1000 });
    sets.forEach((r) => {
      expect(r.rankInterval.low).toBeLessThanOrEqual(r.rank);
      expect(r.rankInterval.high).toBeGreaterThanOrEqual(r.rank);
    });
    expect(sets[5]!.rankInterval.high - sets[5]!.rankInterval.low).toBeGreaterThan(4);
  });
});

describe('tiers from the joint test', () => {
  it('separates clearly different blocks and keeps close counties together', () => {
    const its = [
      { countyId: 'a', score: 95, se: 0.5 },
      { countyId: 'b', score: 80, se: 0.5 },
      { countyId: 'c', score: 94.9, se: 0.5 },
      { countyId: 'd', score: 79.5, se: 0.5 },
    ];
    expect(tiers(its, jointPairwiseTest(its, 1))).toEqual([1, 2, 1, 2]);
  });

  it('puts counties in different tiers only when the joint test tells every such pair apart', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            score: fc.double({ min: 50, max: 100, noNaN: true }),
            se: fc.double({ min: 0.1, max: 3, noNaN: true }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        (xs) => {
          const its = xs.map((x, i) => ({ countyId: String(i), ...x }));
          const test = jointPairwiseTest(its, 3, 200);
          const g = tiers(its, test);
          const p = its.length;
          for (let a = 0; a < p; a++) {
            for (let b = 0; b < p; b++) {
              if (g[a]! < g[b]!) expect(test.isAbove[b * p + a]).toBe(1);
            }
          }
          // Numbered 1, 2, … down the score order.
          const order = its.map((_, i) => i).sort((a, b) => its[b]!.score - its[a]!.score || a - b);
          order.forEach((i, m) => {
            if (m === 0) expect(g[i]).toBe(1);
            else expect(g[i]! - g[order[m - 1]!]!).toBeGreaterThanOrEqual(0);
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});
