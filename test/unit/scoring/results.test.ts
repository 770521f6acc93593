import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMPOSITE,
  interviewSums,
  settingsProblems,
  sumInterviews,
} from '../../../functions/domain/campaign';
import { scaleOf, weightedMean } from '../../../functions/domain/scoring/estimates';
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
      settings: c,
      counties: ['130101'],
      aggregates,
    });
    const sum = c.indicators.reduce((a, i) => a + i.weight * r!.indicators[i.code]!.estimate.mean, 0);
    expect(r!.composite.score).toBeCloseTo(sum, 12);
    expect(r!.composite.se).toBeCloseTo(
      weightedMean(aggregates.get('130101')!.get(COMPOSITE)!, scaleOf(c.levelScores)).se,
      12,
    );
  });

  it('shows the QR self-rating beside and flags a large divergence without pooling', () => {
    const aggregates = aggregatesFor({ '130101': Array(30).fill(3) });
    // 400 ballots, 392 at level 5 and 8 at level 4: 99.6 on the campaign's scale.
    const qr = new Map([
      [
        '130101',
        { score: 99.6, n: 400, levels: [0, 0, 0, 8, 392] as [number, number, number, number, number] },
      ],
    ]);
    const [r] = computeResults({
      campaignId: 'x',
      settings: c,
      counties: ['130101'],
      aggregates,
      qr,
    });
    expect(r!.composite.score).toBeCloseTo(60, 9);
    expect(r!.divergence).toMatchObject({ direction: 'qr_higher' });
    expect(r!.divergence!.difference).toBeCloseTo(39.6, 9);
    expect(r!.qrComparison).toMatchObject({ compared: true, flagged: true });
  });

  it('judges the minimum sample on Kish effective n: one weight of 1000 among 35 leaves a county unranked', () => {
    const ivs = Array.from({ length: 35 }, (_, i) => ({
      countyId: '130101',
      answers: all((i % 5) + 1),
      weight: i === 0 ? 1000 : 1,
    }));
    const steady = Array.from({ length: 35 }, (_, i) => ({
      countyId: '130102',
      answers: all((i % 3) + 3),
      weight: 1,
    }));
    const aggregates = sumInterviews(c, [...ivs, ...steady]);
    const [heavy, plain] = computeResults({
      campaignId: 'x',
      settings: { ...c, minSample: 30 },
      counties: ['130101', '130102'],
      aggregates,
    });
    expect(heavy!.indicators.overall!.estimate.n).toBe(35);
    expect(heavy!.indicators.overall!.estimate.effectiveN).toBeCloseTo(1.07, 2);
    expect(heavy!.indicators.overall!.estimate.designEffect).toBeGreaterThan(30);
    expect(heavy!.indicators.overall!.status).toBe('insufficient_sample');
    expect(heavy!.composite.rank).toBeUndefined();
    expect(plain!.composite).toMatchObject({ status: 'ranked', rank: 1 });
  });

  it('does not treat forty identical top answers as certainty', () => {
    const aggregates = aggregatesFor({
      '130101': Array(40).fill(5),
      '130102': Array.from({ length: 40 }, (_, i) => (i % 10 === 0 ? 4 : 5)),
      '130103': Array.from({ length: 40 }, (_, i) => (i % 8 === 0 ? 4 : 5)),
    });
    const r = computeResults({
      campaignId: 'x',
      settings: c,
      counties: ['130101', '130102', '130103'],
      aggregates,
    });
    expect(r[0]!.composite.ci.high).toBe(100);
    expect(r[0]!.composite.ci.low).toBeLessThan(99);
    // The all-top county cannot be told apart from its close neighbours: its set is not [1, 1].
    expect(r[0]!.composite.rankInterval!.high).toBeGreaterThan(1);
    expect(r[0]!.composite.group).toBe(r[1]!.composite.group);
  });

  it('bounds every interval to the scale, even at the minimum sample', () => {
    const aggregates = aggregatesFor({ '130101': [5, 5, 5, 5, 5, 5, 5, 5, 5, 1] });
    const [r] = computeResults({
      campaignId: 'x',
      settings: { ...c, minSample: 10 },
      counties: ['130101'],
      aggregates,
    });
    for (const cell of Object.values(r!.indicators)) {
      expect(cell.estimate.meanCi.low).toBeGreaterThanOrEqual(0);
      expect(cell.estimate.meanCi.high).toBeLessThanOrEqual(100);
    }
    expect(r!.composite.ci.high).toBeLessThanOrEqual(100);
  });

  it('gives the same rank sets for the same data, whatever the version or the order counties come in', () => {
    const aggregates = aggregatesFor(
      Object.fromEntries(
        Array.from({ length: 8 }, (_, k) => [
          `1301${String(k).padStart(2, '0')}`,
          Array.from({ length: 40 }, (_, i) => ((i + k) % 5) + 1),
        ]),
      ),
    );
    const ids = [...aggregates.keys()];
    const a = computeResults({ campaignId: 'x', settings: c, counties: ids, aggregates });
    const b = computeResults({ campaignId: 'x', settings: c, counties: [...ids].reverse(), aggregates });
    expect(canonicalJson(a)).toBe(canonicalJson(b));
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
          const input = { campaignId: 'x', settings: c, counties: ids, aggregates };
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
