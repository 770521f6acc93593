import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  competitionRanks,
  indistinguishableGroups,
  rankCounties,
  rankIntervals,
  roundPublished,
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

describe('rank intervals', () => {
  const items = Array.from({ length: 12 }, (_, i) => ({ countyId: `c${i}`, score: 90 - i * 0.5, se: 1.2 }));

  it('are reproducible from the seed', () => {
    expect(rankIntervals(items, 42, 1000)).toEqual(rankIntervals(items, 42, 1000));
    expect(rankIntervals(items, 42, 1000)).not.toEqual(rankIntervals(items, 43, 1000));
  });

  it('collapse to the rank itself when scores are exact', () => {
    const exact = items.map((i) => ({ ...i, se: 0 }));
    expect(rankIntervals(exact, 7, 50)).toEqual(exact.map((_, i) => ({ low: i + 1, high: i + 1 })));
  });

  it('contain the point rank and widen for neighbours that cannot be told apart', () => {
    const iv = rankIntervals(items, 42, 1000);
    iv.forEach((r, i) => {
      expect(r.low).toBeLessThanOrEqual(i + 1);
      expect(r.high).toBeGreaterThanOrEqual(i + 1);
    });
    expect(iv[5]!.high - iv[5]!.low).toBeGreaterThan(2);
  });
});

describe('groups that cannot be told apart', () => {
  it('starts a new group at the first county that differs from the leader', () => {
    // 95 ± tiny vs 94.9: same group; 80 is far below: new group.
    const g = indistinguishableGroups([
      { countyId: 'a', score: 95, se: 0.5 },
      { countyId: 'b', score: 80, se: 0.5 },
      { countyId: 'c', score: 94.9, se: 0.5 },
    ]);
    expect(g).toEqual([1, 2, 1]);
  });

  it('puts every county in a group, numbered in score order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            score: fc.double({ min: 50, max: 100, noNaN: true }),
            se: fc.double({ min: 0, max: 3, noNaN: true }),
          }),
          {
            minLength: 1,
            maxLength: 40,
          },
        ),
        (xs) => {
          const items = xs.map((x, i) => ({ countyId: String(i), ...x }));
          const g = indistinguishableGroups(items);
          const order = items.map((_, i) => i).sort((a, b) => items[b]!.score - items[a]!.score);
          const seq = order.map((i) => g[i]!);
          seq.forEach((v, i) => {
            expect(v).toBe(i === 0 ? 1 : seq[i - 1]! + (v === seq[i - 1] ? 0 : 1));
          });
        },
      ),
    );
  });
});
