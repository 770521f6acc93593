/**
 * The demo history on DynamoDB Local: played through the real services on its own clock, it leaves
 * 90 days of ballots with weekday and opening-hour patterns, units that improve and one that
 * declines, cases in every state, visits with matters for other departments, an appeal upheld and
 * one rejected, two stuffing episodes the integrity rules caught and two published campaigns over
 * all 167 counties. Played a second time it changes nothing, down to the last attribute.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, beijingWallClock, serviceDay } from '../../functions/domain/service-day';
import { isWorkingDay } from '../../scripts/demo-history/calendar';
import { MARKER_FILE, playDemoHistory, playedHistory } from '../../scripts/demo-history/local';
import { type HistoryReport, seedHistory } from '../../scripts/demo-history/seed-history';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';

const V1 = '/api/console/v1';
const now = new Date();
const today = serviceDay(now);
const OPTIONS = { now, volume: 0.25, interviews: [20, 24] as [number, number] };

let stack: ConsoleStack;
let first: HistoryReport;
let second: HistoryReport;
let before: string;

/** Every item of every table, as one digest: equal digests mean nothing was written. */
async function digest(): Promise<string> {
  const hash = createHash('sha256');
  for (const table of Object.values(stack.db.tables).sort()) {
    const rows: string[] = [];
    let start: Record<string, never> | undefined;
    do {
      const out = await stack.db.client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
      for (const item of out.Items ?? []) {
        const row = unmarshall(item);
        // A replayed ballot's stream step may mark a burst counter's retroactive check done, which
        // the first play left to the next ballot of that window: a marker, never a count.
        if (row.entity === 'IntegrityCounter') delete row.retroDoneAt;
        rows.push(JSON.stringify(row, Object.keys(row).sort()));
      }
      start = out.LastEvaluatedKey as typeof start;
    } while (start);
    hash.update(`${table}\n${rows.sort().join('\n')}`);
  }
  return hash.digest('hex');
}

/** Stored items of one entity. */
async function items(table: string, entity: string) {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, never> | undefined;
  do {
    const page = await stack.db.client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    for (const i of page.Items ?? []) {
      const row = unmarshall(i);
      if (row.entity === entity) out.push(row);
    }
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return out;
}

const deps = () => ({
  client: stack.db.client,
  tables: stack.db.tables,
  qrKey: stack.qrKey,
  forms: stack.forms,
  sign: (u: Parameters<ConsoleStack['auth']['sign']>[0]) => stack.auth.sign(u),
  verify: stack.auth.verify,
});

beforeAll(async () => {
  // Thousands of ballots: on a DynamoDB Local of the file's own (see createTestDb).
  stack = await createConsoleStack({ ownDynamo: true });
  first = await seedHistory(deps(), OPTIONS);
  before = await digest();
  second = await seedHistory(deps(), OPTIONS);
}, 600_000);
afterAll(() => stack?.db.stop());

const rate = async (nodeId: string, from: string, to: string) =>
  (await stack.as('province-admin').get(`${V1}/dashboard?nodeId=${nodeId}&from=${from}&to=${to}`)).body.totals
    .satisfactionRate as number;
/** The Beijing day `n` days before today (the history plans by Beijing days). */
const dayBefore = (n: number) => addDays(serviceDay(now), -n);

describe('demo history', () => {
  it('plays without a refusal, and a second time changes nothing at all', async () => {
    expect(first.refused).toEqual([]);
    expect(first.ballots).toBeGreaterThan(300);
    expect(first.firstDay).toBe(dayBefore(90));
    expect(second.refused).toEqual([]);
    expect(second.caseSteps + second.visits + second.campaigns).toBe(0);
    expect(await digest()).toBe(before);
  });

  it('is played once per data folder: its marker there skips it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kmpj-history-'));
    writeFileSync(join(dataDir, MARKER_FILE), JSON.stringify(first));
    expect(await playDemoHistory({ ...deps(), dataDir })).toBeNull();
    expect(playedHistory(dataDir)).toEqual(first);
    expect(await digest()).toBe(before);
  });

  it('puts ballots in opening hours, mostly on working days, with bad reviews, comments and phones', async () => {
    const responses = await items(stack.db.tables.responses, 'Response');
    const genuine = responses.filter(
      (r) => !(r.integrity as { quarantined?: boolean } | undefined)?.quarantined,
    );
    expect(genuine.length).toBeGreaterThan(300);
    for (const r of genuine) {
      const clock = beijingWallClock(r.submittedAt as string).slice(11, 16);
      expect(clock >= '08:30' && clock <= '17:30', clock).toBe(true);
    }
    const offDays = genuine.filter((r) => !isWorkingDay(r.day as string));
    // Only the windows open on Saturdays take ballots on days off, and few.
    const saturdayWindows = ['130628002-01', '130628002-02', '130102001-02'];
    for (const r of offDays) expect(saturdayWindows).toContain(r.servicePointId);
    expect(offDays.length).toBeLessThan(genuine.length * 0.1);
    const cases = await items(stack.db.tables.responses, 'FollowUpCase');
    expect(cases.filter((c) => c.source === 'response').length).toBeGreaterThan(10);
    expect(cases.some((c) => c.hasContact === true)).toBe(true);
    expect(
      cases.some((c) => typeof c.summary === 'string' && !(c.summary as string).includes('无文字')),
    ).toBe(true);
  });

  it('shows two units improving and one declining', async () => {
    const early = [dayBefore(90), dayBefore(61)] as const;
    const late = [dayBefore(29), today] as const;
    for (const unit of ['130628002', '130102001']) {
      expect(await rate(unit, ...late), unit).toBeGreaterThan(await rate(unit, ...early));
    }
    expect(await rate('130203001', ...late)).toBeLessThan(await rate('130203001', ...early));
  });

  it('leaves cases in every state: open, accepted, transferred and acknowledged, escalated, reopened, called back, closed', async () => {
    // Every page of the province's inbox.
    const list: CaseListed[] = [];
    let cursor = '';
    do {
      const page = (await stack.as('province-admin').get(`${V1}/cases?nodeId=130000&limit=200${cursor}`))
        .body as { items: CaseListed[]; nextCursor?: string };
      list.push(...page.items);
      cursor = page.nextCursor ? `&cursor=${page.nextCursor}` : '';
    } while (cursor);
    type CaseListed = {
      status: string;
      transfer?: { acknowledgedAt?: string };
      coordination?: { acknowledgedAt?: string };
      escalations: { toId: string }[];
      reopenCount: number;
      callback?: { rating: string };
      source: string;
      neededDepartment?: string;
    };
    const statuses = new Set(list.map((c) => c.status));
    for (const s of ['new', 'accepted', 'in_progress', 'awaiting_coordination', 'closed'])
      expect(statuses).toContain(s);
    expect(list.some((c) => c.transfer?.acknowledgedAt)).toBe(true);
    expect(list.some((c) => c.coordination?.acknowledgedAt)).toBe(true);
    // Escalated to a county (a six-digit division code).
    expect(list.some((c) => c.escalations.some((e) => /^\d{6}$/.test(e.toId)))).toBe(true);
    expect(list.some((c) => c.reopenCount > 0 && c.status === 'in_progress')).toBe(true);
    expect(list.some((c) => c.callback && c.status !== 'in_progress')).toBe(true);
    expect(list.some((c) => c.source === 'visit' && c.neededDepartment)).toBe(true);
  });

  it('records visits, one of which handed out its own QR code', async () => {
    const visits = (
      await stack.as('unit-staff').get(`${V1}/visits?unitId=130628001&from=${dayBefore(90)}&to=${today}`)
    ).body.items as { id: string; questionnairesReturned?: number }[];
    expect(visits.length).toBeGreaterThanOrEqual(4);
    expect(visits.some((v) => (v.questionnairesReturned ?? 0) > 0)).toBe(true);
  });

  it('has one appeal upheld and one rejected, decided at the province', async () => {
    const { items: appeals } = (await stack.as('province-admin').get(`${V1}/appeals`)).body as {
      items: { status: string; decidedBy?: string }[];
    };
    expect(appeals.map((a) => a.status).sort()).toEqual(['rejected', 'upheld']);
    expect(appeals.every((a) => a.decidedBy === 'province-admin')).toBe(true);
  });

  it('caught two stuffing episodes: their units show quarantined ballots in the integrity report', async () => {
    const report = (
      await stack.as('province-admin').get(`${V1}/integrity/report?from=${dayBefore(45)}&to=${today}`)
    ).body as { units: { unitId: string; quarantined: number; flags: Record<string, number> }[] };
    const caught = report.units.filter((u) => u.quarantined > 0).map((u) => u.unitId);
    expect(caught).toEqual(expect.arrayContaining(['130203001', '130102001']));
    const genuineOnly = report.units.filter((u) => !['130203001', '130102001'].includes(u.unitId));
    for (const u of genuineOnly) expect(u.quarantined, u.unitId).toBe(0);
  });

  it('published two campaigns over all 167 counties, the latest one with ranks and intervals', async () => {
    const campaigns = (await stack.as('province-admin').get(`${V1}/campaigns`)).body as {
      id: string;
      status: string;
      periodTo: string;
    }[];
    expect(campaigns.filter((c) => c.status === 'published')).toHaveLength(2);
    const latest = [...campaigns].sort((a, b) => b.periodTo.localeCompare(a.periodTo))[0]!;
    const results = (await stack.as('province-admin').get(`${V1}/campaigns/${latest.id}/results`)).body as {
      counties: unknown[];
      results: unknown[];
    };
    expect(results.counties).toHaveLength(167);
    expect(JSON.stringify(results.results)).toMatch(/"rank":\d/);
    const trend = (await stack.as('county-admin').get(`${V1}/campaigns/counties/130628/trend`)).body as {
      points: unknown[];
    };
    expect(trend.points).toHaveLength(2);
  });

  it('dates every audit entry in the history’s own past', async () => {
    const day = dayBefore(30);
    const { entries: audit } = (
      await stack.as('province-admin').get(`${V1}/audit?from=${dayBefore(40)}&to=${day}`)
    ).body as { entries: { at: string }[] };
    expect(audit.length).toBeGreaterThan(0);
    for (const a of audit) expect(a.at.slice(0, 10) <= day).toBe(true);
  });
});
