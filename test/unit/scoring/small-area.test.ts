import { describe, expect, it } from 'vitest';
import { sumInterviews } from '../../../functions/domain/campaign';
import { mulberry32, normalSource } from '../../../functions/domain/scoring/prng';
import { computeResults } from '../../../functions/domain/scoring/results';
import { fayHerriot } from '../../../functions/domain/scoring/small-area';
import { campaignOf } from '../../fixtures/campaign';

describe('Fay–Herriot small-area estimates', () => {
  it('with equal sampling variances, estimates A by the closed form S² − D and shrinks everyone alike', () => {
    const scores = [70, 74, 78, 82, 86, 90];
    const fit = fayHerriot(scores.map((score) => ({ score, se: 2 })))!;
    const mean = 80;
    const s2 = scores.reduce((a, x) => a + (x - mean) ** 2, 0) / (scores.length - 1);
    expect(fit.a).toBeCloseTo(s2 - 4, 9);
    expect(fit.mu).toBeCloseTo(mean, 12);
    const gamma = fit.a / (fit.a + 4);
    fit.estimates.forEach((e, i) => {
      expect(e.shrinkage).toBeCloseTo(gamma, 12);
      expect(e.score).toBeCloseTo(gamma * scores[i]! + (1 - gamma) * mean, 9);
      expect(e.mse).toBeLessThan(4);
    });
  });

  it('shrinks all the way to the mean when the counties do not differ beyond sampling noise', () => {
    const fit = fayHerriot([80, 80.5, 79.8, 80.2].map((score) => ({ score, se: 3 })))!;
    expect(fit.a).toBe(0);
    for (const e of fit.estimates) {
      expect(e.shrinkage).toBe(0);
      expect(e.score).toBeCloseTo(fit.mu, 12);
    }
  });

  it('shrinks a noisy county more than a precise one', () => {
    const fit = fayHerriot([
      { score: 95, se: 6 },
      { score: 95, se: 1 },
      { score: 70, se: 2 },
      { score: 80, se: 2 },
      { score: 85, se: 2 },
    ])!;
    expect(fit.estimates[0]!.shrinkage).toBeLessThan(fit.estimates[1]!.shrinkage);
    expect(fit.estimates[0]!.score).toBeLessThan(fit.estimates[1]!.score);
  });

  it('is closer to the truth than the direct estimates on average, and its MSE estimate is about right', () => {
    const normal = normalSource(mulberry32(99));
    let direct = 0;
    let shrunk = 0;
    let estimated = 0;
    let cells = 0;
    for (let rep = 0; rep < 200; rep++) {
      const truth = Array.from({ length: 40 }, () => 80 + 3 * normal());
      const se = truth.map((_, i) => 1.5 + (i % 5));
      const fit = fayHerriot(truth.map((t, i) => ({ score: t + se[i]! * normal(), se: se[i]! })))!;
      fit.estimates.forEach((e, i) => {
        direct += se[i]! ** 2;
        shrunk += (e.score - truth[i]!) ** 2;
        estimated += e.mse;
        cells++;
      });
    }
    expect(shrunk / cells).toBeLessThan((0.8 * direct) / cells);
    expect(estimated / shrunk).toBeGreaterThan(0.85);
    expect(estimated / shrunk).toBeLessThan(1.25);
  });

  it('ranks on the shrunk estimates only when the campaign says so, and shows them beside either way', () => {
    const c = campaignOf();
    const all = (level: number) => Object.fromEntries(c.questions.map((q) => [q.id, level]));
    const ivs = ['130101', '130102', '130103', '130104'].flatMap((countyId, k) =>
      Array.from({ length: 30 + 20 * k }, (_, i) => ({
        countyId,
        answers: all(((i + k) % 5) + 1),
        weight: 1,
      })),
    );
    const aggregates = sumInterviews(c, ivs);
    const counties = [...aggregates.keys()];
    const direct = computeResults({ campaignId: 'x', settings: c, counties, aggregates });
    const eb = computeResults({
      campaignId: 'x',
      settings: { ...c, rankingEstimate: 'fay_herriot' },
      counties,
      aggregates,
    });
    for (const [d, e] of direct.map((r, i) => [r, eb[i]!] as const)) {
      expect(d.composite.smallArea).toEqual(e.composite.smallArea);
      expect(d.composite.published).toBeCloseTo(d.composite.score, 2);
      expect(e.composite.published).toBeCloseTo(e.composite.smallArea!.score, 2);
    }
  });
});
