import { describe, expect, it } from 'vitest';
import type { OrgNode } from '../../../functions/domain/org';
import type { AggregateView, LatestResponse } from '../../../functions/services/monitor-ports';
import {
  badReviews,
  checkUnitHealth,
  type UnitHealthDeps,
} from '../../../functions/services/monitor-unit-health';

const NOW = new Date('2026-11-20T04:00:00Z'); // 12:00 Beijing time, service day 2026-11-20

const unit = (id: string, overrides: Partial<OrgNode> = {}): OrgNode => ({
  id,
  kind: 'unit',
  parentId: '130102',
  path: `13/1301/130102/${id}`,
  name: { 'zh-CN': id, en: id },
  active: true,
  ...overrides,
});

/** An aggregate of one day: `levels` are the satisfaction answers of one question. */
const aggregate = (day: string, responses: number, levels: Record<number, number> = {}): AggregateView => ({
  day,
  responses,
  questions: { q_overall: { levels } },
});

interface World {
  units: OrgNode[];
  aggregates: Record<string, AggregateView[]>;
  latest: Record<string, LatestResponse>;
  indexed: Record<string, number>;
}

/** In-memory ports; records the day ranges asked for. */
function fakes(world: World) {
  const ranges: Array<[string, string, string]> = [];
  const deps: UnitHealthDeps = {
    units: { listNodesOfKind: async () => world.units },
    aggregates: {
      dailyAggregates: async (id, from, to) => {
        ranges.push([id, from, to]);
        return (world.aggregates[id] ?? []).filter((a) => a.day >= from && a.day <= to);
      },
    },
    responses: {
      latestResponse: async (id) => world.latest[id],
      countResponsesOnDay: async (id, day) => (world.latest[id]?.day === day ? (world.indexed[id] ?? 0) : 0),
    },
    clock: { now: () => NOW },
  };
  return { deps, ranges };
}

const settings = { days: 30, minResponses: 50 };

describe('checkUnitHealth', () => {
  it('flags a unit with enough traffic and not one level-1 or level-2 answer', async () => {
    const { deps } = fakes({
      units: [unit('u-silent'), unit('u-honest'), unit('u-quiet')],
      aggregates: {
        'u-silent': [aggregate('2026-11-01', 30, { 5: 25, 4: 5 }), aggregate('2026-11-19', 30, { 5: 30 })],
        'u-honest': [aggregate('2026-11-10', 80, { 5: 70, 3: 8, 2: 2 })],
        'u-quiet': [aggregate('2026-11-10', 49, { 5: 49 })],
      },
      latest: {},
      indexed: {},
    });
    const report = await checkUnitHealth(deps, settings);
    expect(report.unitsChecked).toBe(3);
    expect(report.unitsWithoutBadReviews).toEqual(['u-silent']);
  });

  it('looks back exactly N service days, today included, in China Standard Time', async () => {
    const { deps, ranges } = fakes({ units: [unit('u1')], aggregates: {}, latest: {}, indexed: {} });
    await checkUnitHealth(deps, { days: 7, minResponses: 1 });
    expect(ranges).toEqual([['u1', '2026-11-14', '2026-11-20']]);
  });

  it('ignores bad reviews older than the window', async () => {
    const { deps } = fakes({
      units: [unit('u1')],
      aggregates: { u1: [aggregate('2026-10-01', 5, { 1: 5 }), aggregate('2026-11-15', 60, { 5: 60 })] },
      latest: {},
      indexed: {},
    });
    expect((await checkUnitHealth(deps, settings)).unitsWithoutBadReviews).toEqual(['u1']);
  });

  it('skips inactive units', async () => {
    const { deps } = fakes({
      units: [unit('u-closed', { active: false })],
      aggregates: { 'u-closed': [aggregate('2026-11-15', 60, { 5: 60 })] },
      latest: {},
      indexed: {},
    });
    expect(await checkUnitHealth(deps, settings)).toMatchObject({
      unitsChecked: 0,
      unitsWithoutBadReviews: [],
    });
  });

  it('reports aggregates that count fewer responses than the index, with the age of the newest response', async () => {
    const { deps } = fakes({
      units: [unit('u-stale'), unit('u-fine'), unit('u-lagging-index')],
      aggregates: {
        'u-stale': [aggregate('2026-11-20', 3, { 2: 1 })],
        'u-fine': [aggregate('2026-11-20', 4, { 1: 1 })],
        'u-lagging-index': [aggregate('2026-11-20', 5, { 1: 1 })],
      },
      latest: {
        'u-stale': { submittedAt: '2026-11-20T02:30:00.000Z', day: '2026-11-20' },
        'u-fine': { submittedAt: '2026-11-20T03:59:00.000Z', day: '2026-11-20' },
        'u-lagging-index': { submittedAt: '2026-11-20T03:59:00.000Z', day: '2026-11-20' },
      },
      // The index may trail the aggregates (a GSI is eventually consistent): fewer indexed is fine.
      indexed: { 'u-stale': 5, 'u-fine': 4, 'u-lagging-index': 4 },
    });
    const report = await checkUnitHealth(deps, settings);
    expect(report.staleUnits).toEqual([
      { unitId: 'u-stale', day: '2026-11-20', aggregated: 3, indexed: 5, lagMinutes: 90 },
    ]);
    expect(report.aggregateAgeMinutes).toBe(90);
  });

  it('checks the day of the newest response even when it lies before the window', async () => {
    const { deps, ranges } = fakes({
      units: [unit('u-old')],
      aggregates: { 'u-old': [] },
      latest: { 'u-old': { submittedAt: '2026-09-01T01:00:00.000Z', day: '2026-09-01' } },
      indexed: { 'u-old': 2 },
    });
    const report = await checkUnitHealth(deps, settings);
    expect(ranges).toContainEqual(['u-old', '2026-09-01', '2026-09-01']);
    expect(report.staleUnits.map((s) => s.unitId)).toEqual(['u-old']);
  });

  it('reports zero age when every aggregate is current', async () => {
    const { deps } = fakes({ units: [unit('u1')], aggregates: {}, latest: {}, indexed: {} });
    expect(await checkUnitHealth(deps, settings)).toMatchObject({ staleUnits: [], aggregateAgeMinutes: 0 });
  });
});

describe('badReviews', () => {
  it('adds level 1 and level 2 answers over every question and day', () => {
    expect(
      badReviews([
        {
          day: 'd1',
          responses: 3,
          questions: { a: { levels: { 1: 1, 2: 1, 3: 1 } }, b: { levels: { 5: 3 } } },
        },
        { day: 'd2', responses: 1, questions: { a: { levels: { 2: 1 } }, text: {} } },
      ]),
    ).toBe(3);
  });
});
