/**
 * Node rollups kept from the Responses stream on DynamoDB Local: equal to the sum of the units'
 * aggregates through submissions, subtractions and a replayed stream, and a province dashboard
 * of 167 counties × 30 units read in a handful of requests (recorded through SDK middleware).
 */
import { DeleteItemCommand, type DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryRepository } from '../../functions/db/directory-repository';
import { responseKeys } from '../../functions/db/keys/responses';
import { rollupKeys } from '../../functions/db/keys/rollups';
import { OrgRepository } from '../../functions/db/org-repository';
import { QuestionnaireRepository } from '../../functions/db/questionnaire-repository';
import { buildCounterUpdate, ResponseRepository } from '../../functions/db/response-repository';
import { RollupRepository } from '../../functions/db/rollup-repository';
import type { Principal } from '../../functions/domain/access';
import { type AggregateDelta, aggregateDelta } from '../../functions/domain/aggregate';
import { negateDelta } from '../../functions/domain/cases/exclusion';
import type { OrgNode } from '../../functions/domain/org';
import { ROLLUP_SHARDS } from '../../functions/domain/rollup';
import { recountServices } from '../../functions/handlers/rollup-recount-deps';
import { getDashboard } from '../../functions/services/dashboard/get-dashboard';
import type { ReportingDeps } from '../../functions/services/responses/ports';
import { mapLimited } from '../../functions/services/responses/scope';
import { type RecountReport, recountRollups } from '../../functions/services/rollups/recount';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { recordingClient as recordRequests } from '../fixtures/recording-client';
import { type RollupStream, startRollupStream } from '../fixtures/rollup-stream';
import { answersAt, submitAt } from './reporting-fixtures';

let stack: ConsoleStack;
let stream: RollupStream;
const delivered: { Records: unknown[] }[] = [];

const province: Principal = {
  userId: 'p',
  name: '省厅',
  role: 'province_admin',
  scopeId: '130000',
  scopePath: '130000',
};

const recordingClient = () => recordRequests(stack.db);

/** The dashboard's reads; without `rollups`, the per-unit computation (every unit's aggregates). */
function reporting(client: DynamoDBClient, rollups: boolean): ReportingDeps {
  const { tables } = stack.db;
  return {
    responses: new ResponseRepository(client, tables),
    versions: new QuestionnaireRepository(client, tables.questionnaires),
    tree: {
      getNodes: (ids) => new DirectoryRepository(client, tables.directory).getNodes(ids),
      descendants: (path) => new OrgRepository(client, tables).descendants(path),
    },
    cutoffDay: async () => '2099-12-31',
    ...(rollups ? { rollups: new RollupRepository(client, tables.responses) } : {}),
  };
}

const drain = () => stream.drain();

const both = async (nodeId: string, from: string, to: string) => {
  await drain();
  const q = { nodeId, from, to, granularity: 'day' as const };
  const [rolled, perUnit] = await Promise.all([
    getDashboard(reporting(stack.db.client, true), province, q),
    getDashboard(reporting(stack.db.client, false), province, q),
  ]);
  return { rolled, perUnit };
};

/** Adds a delta to one unit aggregate shard, as a submission or an exclusion writes it. */
async function addToUnit(
  unitId: string,
  servicePointId: string,
  day: string,
  delta: AggregateDelta,
  q: { id: string; v: number },
) {
  const { Update } = buildCounterUpdate(
    stack.db.tables.responses,
    responseKeys.dailyAggregate(unitId, day, q.id, q.v, { servicePointId, shard: 7 }),
    { entity: 'DailyAggregate', nodeId: unitId, nodeKind: 'unit', day, questionnaireId: q.id, version: q.v },
    delta,
  );
  await stack.db.client.send(new UpdateItemCommand(Update!));
}

let questionnaire: { id: string; v: number };
let fiveDelta: AggregateDelta;

beforeAll(async () => {
  // 5 010 units and their rollups: thousands of writes to a table with a stream, in a DynamoDB
  // Local of this file's own so that the worker's shared one stays fast for the files after it.
  stack = await createConsoleStack({ ownDynamo: true });
  stream = startRollupStream(stack.db, (e) => delivered.push(e));
  await submitAt(stack, '130628001-01', '2026-10-05T02:00:00.000Z', answersAt(5, { q_suggestion: '很好' }));
  await submitAt(stack, '130628001-02', '2026-10-05T03:00:00.000Z', answersAt(3));
  await submitAt(stack, '130628002-01', '2026-10-07T03:00:00.000Z', answersAt(1, { q_suggestion: '太慢' }));
  const id = await submitAt(stack, '130102001-01', '2026-10-06T02:00:00.000Z', answersAt(4));
  const r = await new ResponseRepository(stack.db.client, stack.db.tables).getResponse(id);
  questionnaire = { id: r!.questionnaireId, v: r!.version };
  const content = (await stack.questionnaires.getVersion(questionnaire.id, questionnaire.v))!.content;
  fiveDelta = aggregateDelta(content, answersAt(5));
}, 120_000);

afterAll(async () => {
  await stream?.poller.stop();
  await stack?.db.stop();
});

describe('node rollups from the Responses stream', () => {
  it('give every county, city and the province the figures of their units’ aggregates', async () => {
    for (const node of ['130628', '130600', '130100', '130000']) {
      const { rolled, perUnit } = await both(node, '2026-10-01', '2026-10-10');
      expect(rolled.totals.responses).toBeGreaterThan(0);
      expect(rolled).toEqual(perUnit);
    }
    const { rolled } = await both('130000', '2026-10-01', '2026-10-10');
    expect(rolled.totals.responses).toBe(4);
    expect(rolled.recentComments.map((c) => c.comment)).toEqual(['太慢', '很好']);
  });

  it('follow a subtraction from a unit’s aggregate (an exclusion) and an addition back (a release)', async () => {
    await addToUnit('130628001', '130628001-01', '2026-10-05', negateDelta(fiveDelta), questionnaire);
    let { rolled, perUnit } = await both('130000', '2026-10-01', '2026-10-10');
    expect(rolled.totals.responses).toBe(3);
    expect(rolled).toEqual(perUnit);
    await addToUnit('130628001', '130628001-01', '2026-10-05', fiveDelta, questionnaire);
    ({ rolled, perUnit } = await both('130600', '2026-10-01', '2026-10-10'));
    expect(rolled.totals.responses).toBe(3);
    expect(rolled).toEqual(perUnit);
  });

  it('count a redelivered stream once', async () => {
    await drain();
    const before = await both('130000', '2026-10-01', '2026-10-10');
    const handle = stream.newHandler();
    for (const batch of delivered) await handle(batch);
    const after = await both('130000', '2026-10-01', '2026-10-10');
    expect(after.rolled).toEqual(before.rolled);
    expect(after.rolled).toEqual(after.perUnit);
  });
});

describe('the recount of the rollups', () => {
  const recount = (o: { repair?: boolean; sleep?: () => Promise<void> } = {}) =>
    recountRollups(
      {
        ...recountServices({ client: stack.db.client, tables: stack.db.tables }),
        sleep: o.sleep ?? (async () => {}),
      },
      { rootId: '130600', fromDay: '2026-10-01', toDay: '2026-10-10', repair: o.repair, settleMs: 0 },
    );
  const nodeDays = (r: RecountReport) =>
    r.drift.map((d) => `${d.cell.nodeId} ${d.cell.day} ${d.storedResponses}→${d.expectedResponses}`).sort();

  it('finds no drift in rollups kept by the stream', async () => {
    await drain();
    const r = await recount();
    expect(r.nodes).toBeGreaterThan(1);
    expect(r.cells).toBeGreaterThan(0);
    expect(r.drift).toEqual([]);
  });

  it('reports an altered and a deleted rollup, repairs them, and a re-run reports zero', async () => {
    await drain();
    const rollups = new RollupRepository(stack.db.client, stack.db.tables.responses);
    // Altered: one ballot too many on the county's 5 October. Deleted: the city's 7 October.
    await rollups.correct({
      cell: {
        nodeId: '130628',
        day: '2026-10-05',
        questionnaireId: questionnaire.id,
        version: questionnaire.v,
      },
      shard: 2,
      delta: fiveDelta,
    });
    for (let shard = 0; shard < ROLLUP_SHARDS; shard++)
      await stack.db.client.send(
        new DeleteItemCommand({
          TableName: stack.db.tables.responses,
          Key: marshall(rollupKeys.daily('130600', shard, '2026-10-07', questionnaire.id, questionnaire.v)),
        }),
      );
    const found = await recount();
    expect(nodeDays(found)).toEqual(['130600 2026-10-07 0→1', '130628 2026-10-05 3→2']);
    expect(found.repaired).toBe(0);
    const repaired = await recount({ repair: true });
    expect(repaired).toMatchObject({ repaired: 2, unsettled: 0 });
    expect((await recount()).drift).toEqual([]);
    const { rolled, perUnit } = await both('130600', '2026-10-01', '2026-10-10');
    expect(rolled).toEqual(perUnit);
  });

  it('leaves a drifting cell alone while a change to it is on its way through the stream, and repairs it on the next run', async () => {
    await drain();
    const cell = {
      nodeId: '130628',
      day: '2026-10-06',
      questionnaireId: questionnaire.id,
      version: questionnaire.v,
    };
    await new RollupRepository(stack.db.client, stack.db.tables.responses).correct({
      cell,
      shard: 0,
      delta: fiveDelta,
    });
    // Between the two passes a ballot lands at a unit of that county on that day and the stream applies it.
    const r = await recount({
      repair: true,
      sleep: async () => {
        await addToUnit('130628001', '130628001-01', '2026-10-06', fiveDelta, questionnaire);
        await drain();
      },
    });
    expect(r).toMatchObject({ repaired: 0, unsettled: 1 });
    expect(nodeDays(await recount())).toEqual(['130628 2026-10-06 2→1']);
    expect((await recount({ repair: true })).repaired).toBe(1);
    expect((await recount()).drift).toEqual([]);
    await addToUnit('130628001', '130628001-01', '2026-10-06', negateDelta(fiveDelta), questionnaire);
    await drain();
    expect((await recount()).drift).toEqual([]);
  });
});

describe('a province of 167 counties × 30 units', () => {
  let counties: OrgNode[];
  const days = Array.from({ length: 30 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);

  beforeAll(async () => {
    const org = new OrgRepository(stack.db.client, stack.db.tables);
    counties = (await org.descendants('130000')).filter((n) => n.kind === 'county');
    expect(counties).toHaveLength(167);
    const units = counties.flatMap((c) =>
      Array.from({ length: 30 }, (_, i): OrgNode => {
        const id = `${c.id}9${String(i).padStart(2, '0')}`;
        return {
          id,
          kind: 'unit',
          parentId: c.id,
          path: `${c.path}/${id}`,
          name: { 'zh-CN': id, en: id },
          active: true,
        };
      }),
    );
    await mapLimited(units, 32, (u) => stack.directory.putNodeIfAbsent(u));
    // One day's aggregate per unit, the units spread over the 30 days; the stream rolls them up.
    await mapLimited(units, 32, (u) =>
      addToUnit(u.id, `${u.id}-01`, days[Number(u.id.slice(-2)) % 30]!, fiveDelta, questionnaire),
    );
    await drain();
  }, 300_000);

  it('reads the province’s 30-day dashboard in at most 10 requests, none per unit, with the per-unit figures', async () => {
    const { client, sent } = recordingClient();
    const q = { nodeId: '130000', from: days[0]!, to: days[29]!, granularity: 'day' as const };
    const rolled = await getDashboard(reporting(client, true), province, q);
    expect(sent.length).toBeLessThanOrEqual(10);
    expect(JSON.stringify(sent)).not.toMatch(/1306289\d\d/);
    expect(rolled.totals.responses).toBe(167 * 30);
    const perUnit = await getDashboard(reporting(stack.db.client, false), province, q);
    expect(rolled).toEqual(perUnit);
    // One county costs the same number of requests as the province.
    const county = recordingClient();
    await getDashboard(reporting(county.client, true), province, { ...q, nodeId: counties[0]!.id });
    expect(sent.length).toBe(county.sent.length);
    console.log(`province dashboard: ${sent.length} requests (${sent.map((s) => s.command).join(', ')})`);
  }, 120_000);
});
