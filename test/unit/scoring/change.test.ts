import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparability, countyChanges } from '../../../functions/domain/scoring/change';
import type { CountyResult } from '../../../functions/domain/scoring/results';
import { campaignSettings } from '../../fixtures/campaign';

const county = (countyId: string, score: number, se: number, df: number): CountyResult =>
  ({
    countyId,
    indicators: {},
    composite: {
      status: 'ranked',
      score,
      se,
      df,
      n: df + 1,
      weightedN: df + 1,
      effectiveN: df + 1,
      ci: { low: 0, high: 100 },
      published: score,
    },
  }) as CountyResult;

describe('change between two campaigns', () => {
  it('takes the difference with a Welch interval and test', () => {
    const [x] = countyChanges([county('a', 80, 2, 49)], [county('a', 86, 1.5, 99)], '_composite');
    expect(x!.change).toBe(6);
    expect(x!.se).toBeCloseTo(2.5, 12);
    // Welch–Satterthwaite: 2.5⁴ / (2⁴/49 + 1.5⁴/99) = 103.43; t(0.975, 103.43) = 1.9831
    expect(x!.df).toBeCloseTo(39.0625 / (16 / 49 + 5.0625 / 99), 9);
    expect(x!.ci.low).toBeCloseTo(6 - 1.9831 * 2.5, 2);
    expect(x!.p).toBeCloseTo(0.0184, 3);
  });

  it('applies Holm across counties exactly as the textbook step-down', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -8, max: 8, noNaN: true }), { minLength: 1, maxLength: 30 }),
        (deltas) => {
          const from = deltas.map((_, i) => county(`c${String(i).padStart(2, '0')}`, 80, 2, 60));
          const to = deltas.map((d, i) => county(`c${String(i).padStart(2, '0')}`, 80 + d, 2, 60));
          const out = countyChanges(from, to, '_composite');
          const ps = out.map((x) => x.p);
          const m = ps.length;
          const sorted = [...ps].sort((a, b) => a - b);
          out.forEach((x) => {
            // Holm: the adjusted p is max over k ≤ rank of (m − k + 1)·p_(k), capped at 1.
            const rank = sorted.indexOf(x.p);
            let adj = 0;
            for (let k = 0; k <= rank; k++) adj = Math.max(adj, Math.min(1, (m - k) * sorted[k]!));
            expect(x.pHolm).toBeCloseTo(adj, 12);
          });
        },
      ),
      { numRuns: 50 },
    );
  });

  it('skips counties not ranked in both campaigns', () => {
    const unranked = {
      ...county('b', 70, 3, 20),
      composite: { ...county('b', 70, 3, 20).composite, status: 'insufficient_sample' as const },
    };
    expect(
      countyChanges(
        [county('a', 80, 2, 49), unranked],
        [county('a', 81, 2, 49), county('b', 75, 2, 40)],
        '_composite',
      ).map((x) => x.countyId),
    ).toEqual(['a']);
  });

  it('names every setting that makes two campaigns incomparable', () => {
    const p = { ...campaignSettings(), bootstrapDraws: 1000, seeds: {}, z: 1.96 };
    const a = { methodVersion: 'kmpj-scoring/2.0', parameters: p };
    expect(comparability(a, a)).toEqual([]);
    const b = {
      methodVersion: 'kmpj-scoring/2.0',
      parameters: {
        ...p,
        levelScores: [0, 25, 50, 75, 100] as typeof p.levelScores,
        indicators: p.indicators.map((i, k) => ({
          ...i,
          weight: k === 0 ? i.weight + 0.1 : k === 1 ? i.weight - 0.1 : i.weight,
        })),
      },
    };
    expect(comparability(a, b).map((x) => x.field)).toEqual(['levelScores', 'indicators']);
  });
});
