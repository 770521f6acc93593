import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMPOSITE,
  interviewSums,
  settingsProblems,
  sumInterviews,
} from '../../../functions/domain/campaign';
import { weightedMean } from '../../../functions/domain/scoring/estimates';
import { computeResults } from '../../../functions/domain/scoring/results';
import { canonicalJson, sealSnapshot, verifySnapshot } from '../../../functions/domain/scoring/snapshot';
import { campaignOf, campaignSettings } from '../../fixtures/campaign';

const c = campaignOf();
const all = (level: number) => Object.fromEntries(c.questions.map((q) => [q.id, level]));

describe('campaign settings', () => {
  it('refuses weights that do not sum to 1', () => {
    const s = campaignSettings({
      indicators: campaignSettings().indicators.map((i) => ({ ...i, weight: 0.3 })),
    });
    expect(settingsProblems(s).map((p) => p.field)).toContain('indicators');
  });

  it('accepts the default five indicators', () => {
    expect(settingsProblems(campaignSettings())).toEqual([]);
  });
});

describe('interview sums', () => {
  it('maps levels through the campaign mapping and counts the top three as satisfied', () => {
    const s = interviewSums(c, { answers: { q_overall: 3, q_window: 2 }, weight: 2 });
    expect(s.get('overall')).toMatchObject({ n: 1, sw: 2, swx: 120, sws: 2, levels: [0, 0, 1, 0, 0] });
    expect(s.get('window')).toMatchObject({ swx: 60, sws: 0 });
    expect(s.has('traffic')).toBe(false);
    // composite over answered indicators, weights renormalised: (0.3·60 + 0.2·30) / 0.5 = 48
    expect(s.get(COMPOSITE)!.swx / 2).toBeCloseTo(48, 12);
  });
});

/** Aggregates of `n` interviews per county, all answering level `level`, plus a little spread. */
function aggregatesFor(levels: Record<string, number[]>) {
  const ivs = Object.entries(levels).flatMap(([countyId, ls]) =>
    ls.map((l) => ({ countyId, answers: all(l), weight: 1 })),
  );
  return sumInterviews(c, ivs);
}

describe('computing results', () => {
  it('marks a county below the minimum sample as insufficient and leaves it unranked', () => {
    const aggregates = aggregatesFor({
      '130101': [5, 4, 4, 5, 3].flatMap((x) => Array(5).fill(x)),
      '130102': [5, 4],
    });
    const r = computeResults({
      campaignId: 'x',
      version: 1,
      settings: c,
      counties: ['130101', '130102'],
      aggregates,
    });
    expect(r[0]!.composite).toMatchObject({ status: 'ranked', rank: 1 });
    expect(r[1]!.composite.status).toBe('insufficient_sample');
    expect(r[1]!.composite.rank).toBeUndefined();
    expect(r[1]!.indicators.overall!.estimate.n).toBe(2);
  });

  it('computes the composite as the weighted sum of indicator means', () => {
    const aggregates = aggregatesFor({ '130101': Array.from({ length: 30 }, (_, i) => (i % 5) + 1) });
    const [r] = computeResults({
      campaignId: 'x',
      version: 1,
      settings: c,
      counties: ['130101'],
      aggregates,
    });
    const sum = c.indicators.reduce((a, i) => a + i.weight * r!.indicators[i.code]!.estimate.mean, 0);
    expect(r!.composite.score).toBeCloseTo(sum, 12);
    expect(r!.composite.se).toBeCloseTo(weightedMean(aggregates.get('130101')!.get(COMPOSITE)!).se, 12);
  });

  it('shows the QR self-rating beside and flags a large divergence without pooling', () => {
    const aggregates = aggregatesFor({ '130101': Array(30).fill(3) });
    const qr = new Map([['130101', { score: 98, n: 400 }]]);
    const [r] = computeResults({
      campaignId: 'x',
      version: 1,
      settings: c,
      counties: ['130101'],
      aggregates,
      qr,
    });
    expect(r!.composite.score).toBeCloseTo(60, 9);
    expect(r!.divergence).toMatchObject({ direction: 'qr_higher' });
    expect(r!.divergence!.difference).toBeCloseTo(38, 9);
  });

  it('is deterministic, so a snapshot can be recomputed from its aggregates', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 20, maxLength: 40 }), {
          minLength: 2,
          maxLength: 6,
        }),
        (counties) => {
          const ids = counties.map((_, i) => `1301${String(i).padStart(2, '0')}`);
          const aggregates = aggregatesFor(Object.fromEntries(ids.map((id, i) => [id, counties[i]!])));
          const input = { campaignId: 'x', version: 3, settings: c, counties: ids, aggregates };
          expect(canonicalJson(computeResults(input))).toBe(canonicalJson(computeResults(input)));
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe('snapshot seal', () => {
  it('detects any edit of a sealed snapshot', () => {
    const s = sealSnapshot({
      campaignId: 'x',
      campaignName: 'n',
      version: 1,
      methodVersion: 'm',
      publishedAt: 't',
      publishedBy: 'u',
      parameters: { ...campaignSettings(), bootstrapDraws: 1000, seeds: {}, z: 1.96 },
      counties: [],
      aggregates: [],
      qr: [],
      results: [],
    });
    expect(verifySnapshot(s)).toBe(true);
    expect(verifySnapshot(JSON.parse(JSON.stringify({ ...s, version: 2 })))).toBe(false);
    expect(verifySnapshot(JSON.parse(JSON.stringify(s)))).toBe(true);
  });
});
