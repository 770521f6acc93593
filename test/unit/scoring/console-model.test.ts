import { describe, expect, it } from 'vitest';
import { dotPlotLayout, type RankingRow, sortRows, toBase64 } from '../../../web/console/campaigns/model';

const row = (over: Partial<RankingRow>): RankingRow => ({
  countyId: 'x',
  name: 'x',
  status: 'ranked',
  n: 100,
  effectiveN: 90,
  score: 90,
  ci: { low: 88, high: 92 },
  rate: 0.95,
  published: 90,
  rank: 1,
  rankInterval: { low: 1, high: 2 },
  group: 1,
  designEffect: 1,
  largestWeightShare: 0.01,
  smallArea: null,
  qr: null,
  divergence: null,
  ...over,
});

describe('ranking table model', () => {
  it('sorts either way and keeps unranked counties last', () => {
    const rows = [
      row({ countyId: 'b', rank: 2 }),
      row({ countyId: 'u', rank: null }),
      row({ countyId: 'a', rank: 1 }),
    ];
    expect(sortRows(rows, 'rank', true).map((r) => r.countyId)).toEqual(['a', 'b', 'u']);
    expect(sortRows(rows, 'rank', false).map((r) => r.countyId)).toEqual(['b', 'a', 'u']);
  });

  it('lays out the dot plot by rank with intervals inside the scale', () => {
    const lay = dotPlotLayout(
      [
        row({ countyId: 'b', rank: 2, score: 85, ci: { low: 80, high: 90 } }),
        row({ countyId: 'a', rank: 1 }),
        row({ countyId: 'u', rank: null }),
      ],
      500,
    );
    expect(lay.points.map((p) => p.countyId)).toEqual(['a', 'b']);
    expect(lay.min).toBe(80);
    expect(lay.max).toBe(92);
    for (const p of lay.points) expect(p.x1 <= p.x && p.x <= p.x2).toBe(true);
  });

  it('encodes file bytes as base64', () => {
    expect(toBase64(new TextEncoder().encode('区县'))).toBe(Buffer.from('区县').toString('base64'));
  });
});
