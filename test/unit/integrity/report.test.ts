import { describe, expect, it } from 'vitest';
import type { Campaign } from '../../../functions/domain/campaign';
import type { OrgNode } from '../../../functions/domain/org';
import type { Snapshot } from '../../../functions/domain/scoring/snapshot';
import { agencyScoreReader } from '../../../functions/services/integrity/agency-scores';
import { integrityReport } from '../../../functions/services/integrity/integrity-report';

const province = {
  userId: 'p',
  name: '省',
  role: 'province_admin' as const,
  scopeId: '130000',
  scopePath: '130000',
};
const node = (id: string, kind: OrgNode['kind'], path: string, parentId?: string): OrgNode => ({
  id,
  kind,
  path,
  parentId,
  name: { 'zh-CN': id, en: id },
  active: true,
});
const tree = [
  node('130600', 'city', '130000/130600', '130000'),
  node('130628', 'county', '130000/130600/130628', '130600'),
  node('130628001', 'unit', '130000/130600/130628/130628001', '130628'),
  node('130628002', 'unit', '130000/130600/130628/130628002', '130628'),
  node('130628003', 'unit', '130000/130600/130628/130628003', '130628'),
];
const MAPPING = [0, 30, 60, 80, 100];
/** One day of a unit: `n` answers to one satisfaction question, all at `level`. */
const day = (n: number, level: number) => {
  const score = MAPPING[level - 1]!;
  return {
    responses: n,
    questions: { q_overall: { n, sum: n * score, sumSq: n * score * score, levels: { [level]: n } } },
  };
};

const campaign = (id: string, from: string, to: string, latestVersion: number) =>
  ({ id, provinceId: '130000', periodFrom: from, periodTo: to, latestVersion }) as Campaign;
const snapshot = (countyId: string, published: number, status: 'ranked' | 'insufficient_sample', se = 1) =>
  ({
    parameters: { levelScores: MAPPING, divergenceThreshold: 10 },
    results: [{ countyId, indicators: {}, composite: { status, score: published, published, se, df: 199 } }],
  }) as unknown as Snapshot;

describe('the integrity report', () => {
  const deps = (agency: Record<string, Snapshot>, campaigns: Campaign[]) => ({
    quarantineBetween: async () => [
      {
        unitId: '130628001',
        servicePointId: '130628001-01',
        day: '2026-11-17',
        quarantined: 30,
        flags: { burst: 12, deviceLimit: 18 },
      },
    ],
    dailyAggregates: async (id: string) =>
      id === '130628001'
        ? [day(70, 5)]
        : id === '130628002'
          ? [day(40, 3)]
          : id === '130628003'
            ? [day(12, 1)]
            : [],
    getNodes: async (ids: readonly string[]) =>
      new Map(tree.filter((n) => ids.includes(n.id)).map((n) => [n.id, n])),
    descendants: async () => tree,
    agencyScore: agencyScoreReader({
      listCampaigns: async () => campaigns,
      getSnapshot: async (id: string, v: number) => agency[`${id}@${v}`],
    }),
  });

  it('covers every unit with ballots, the clean ones too, and none without any', async () => {
    const out = await integrityReport(deps({}, []), province, '2026-11-01', '2026-11-30');
    expect(out.units.map((u) => u.unitId)).toEqual(['130628001', '130628002', '130628003']);
    expect(out.units[0]).toMatchObject({
      counted: 70,
      quarantined: 30,
      quarantinedShare: 0.3,
      burstBallots: 12,
    });
    expect(out.units[1]).toMatchObject({ counted: 40, quarantined: 0, quarantinedShare: 0, qrScore: 60 });
  });

  it("sets each unit's QR score beside its county's agency score from the newest covering publication", async () => {
    const campaigns = [
      campaign('old', '2026-01-01', '2026-03-31', 1),
      campaign('autumn', '2026-09-01', '2026-11-20', 2),
      campaign('draft', '2026-11-01', '2026-12-31', 0),
    ];
    const agency = {
      'old@1': snapshot('130628', 50, 'ranked'),
      'autumn@2': snapshot('130628', 72.5, 'ranked'),
    };
    const out = await integrityReport(deps(agency, campaigns), province, '2026-11-01', '2026-11-30');
    const stuffed = out.units.find((u) => u.unitId === '130628001')!;
    expect(stuffed).toMatchObject({
      qrScore: 100,
      agencyScore: 72.5,
      divergence: 27.5,
      divergenceFlagged: true,
    });
    expect(stuffed.divergenceCi!.low).toBeGreaterThan(20);
    expect(out.units.find((u) => u.unitId === '130628002')).toMatchObject({
      divergence: -12.5,
      divergenceFlagged: true,
    });
    // Twelve ballots are too few to judge: the rule does not compare them.
    expect(out.units.find((u) => u.unitId === '130628003')).toMatchObject({
      agencyScore: 72.5,
      divergenceNotCompared: 'qr_too_few',
    });
    expect(out.units.find((u) => u.unitId === '130628003')!.divergence).toBeUndefined();
  });

  it('does not flag a gap beyond the threshold that the interval cannot tell from zero', async () => {
    // An agency composite of 50 with se 12: the 40 QR ballots at 60 are 10 points above, but
    // the difference's interval reaches well below zero.
    const agency = { 'autumn@1': snapshot('130628', 50, 'ranked', 12) };
    const out = await integrityReport(
      deps(agency, [campaign('autumn', '2026-09-01', '2026-11-20', 1)]),
      province,
      '2026-11-01',
      '2026-11-30',
    );
    const line = out.units.find((u) => u.unitId === '130628002')!;
    expect(line.divergence).toBe(10);
    expect(line.divergenceCi!.low).toBeLessThan(0);
    expect(line.divergenceFlagged).toBe(false);
  });

  it('gives no agency score for a county the publication did not rank', async () => {
    const agency = { 'autumn@1': snapshot('130628', 40, 'insufficient_sample') };
    const out = await integrityReport(
      deps(agency, [campaign('autumn', '2026-09-01', '2026-11-20', 1)]),
      province,
      '2026-11-01',
      '2026-11-30',
    );
    expect(out.units[0]!.agencyScore).toBeUndefined();
    expect(out.units[0]!.divergence).toBeUndefined();
  });
});
