/**
 * Ballot-stuffing simulator (issue 6). Plays stuffing patterns and a realistic set of genuine
 * ballots against the public API on a simulated clock, then reads back, from the stored responses,
 * which ballots were quarantined, and from the official aggregates, what was counted. The stuffer's
 * view (201 + receipt) is identical either way; only the database knows.
 *
 * Usable as a function (tests: `runStuffingSimulation(target)`) and as a script
 * (`tsx scripts/stuffing-simulator.ts`: starts DynamoDB Local in memory, seeds the demo, prints a report).
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { IntegrityRepository } from '../functions/db/integrity-repository';
import { fromItem, toItem } from '../functions/db/item';
import { responseKeys } from '../functions/db/keys/responses';
import { ResponseRepository } from '../functions/db/response-repository';
import type { TableNames } from '../functions/db/table-names';
import type { IntegrityVerdict } from '../functions/domain/integrity/signals';
import { serviceDay } from '../functions/domain/service-day';
import { publicServices } from '../functions/handlers/public-deps';
import { createPublicApp } from '../functions/http/public-app';
import type { DemoForm } from '../functions/local/seed';
import type { Answers } from '../functions/schemas/submission';

/** A clock the simulation moves. */
export interface SimClock {
  now(): Date;
  set(at: Date): void;
}

export const simClock = (start: Date): SimClock => {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    set(at) {
      t = at.getTime();
    },
  };
};

/** Where the simulation plays: an app on a simulated clock and a way to read verdicts back. */
export interface SimTarget {
  request(path: string, init: RequestInit): Response | Promise<Response>;
  clock: SimClock;
  forms: DemoForm[];
  setUnitNetworks(unitId: string, ranges: string[]): Promise<void>;
  verdict(responseId: string): Promise<IntegrityVerdict | undefined>;
  officialResponses(nodeId: string, day: string): Promise<number>;
}

/** The header through which the simulated client address reaches the app (test wiring only). */
export const SIM_ADDRESS_HEADER = 'x-sim-client-address';

/** Builds a target on a database: a fresh public app whose clock and client address the simulation drives. */
export function simTarget(
  client: DynamoDBClient,
  tables: Pick<TableNames, 'directory' | 'questionnaires' | 'responses'>,
  qrKey: Buffer,
  forms: DemoForm[],
  start: Date,
  opts: { integrity?: boolean } = {},
): SimTarget {
  const clock = simClock(start);
  const app = createPublicApp({
    logger: new Logger({ serviceName: 'stuffing-sim', logLevel: 'CRITICAL' }),
    ...publicServices({
      client,
      tables,
      qrKey,
      clock,
      integrity: opts.integrity,
      clientAddress: (c) => c.req.header(SIM_ADDRESS_HEADER),
      integrityDefaults: { openingHours: { open: '08:30', close: '17:30' } },
    }),
  });
  const responses = new ResponseRepository(client, tables);
  const integrity = new IntegrityRepository(client, tables);
  return {
    request: (path, init) => app.request(path, init),
    clock,
    forms,
    setUnitNetworks: (unitId, ranges) => integrity.putUnitNetworks(unitId, ranges),
    async verdict(responseId) {
      const out = await client.send(
        new GetItemCommand({ TableName: tables.responses, Key: toItem(responseKeys.response(responseId)) }),
      );
      return out.Item ? fromItem<{ integrity?: IntegrityVerdict }>(out.Item).integrity : undefined;
    },
    async officialResponses(nodeId, day) {
      const aggs = await responses.dailyAggregates(nodeId, day, day);
      return aggs.reduce((n, a) => n + a.responses, 0);
    },
  };
}

/** A deterministic pseudo-random generator (mulberry32), so every run plays the same ballots. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One planned ballot. */
interface Ballot {
  form: DemoForm;
  at: Date;
  seconds: number;
  answers: Answers;
  deviceId?: string;
  address?: string;
}

const allVerySatisfied = (): Answers => ({
  q_overall: 5,
  q_attitude: 5,
  q_efficiency: 5,
  q_transparency: 5,
  q_safety: 5,
  q_recommend: 10,
});

const BUSINESS = ['household', 'exit_entry', 'vehicle', 'violation', 'other'];
const PROBLEMS = ['long_wait', 'repeat_visits', 'unclear_docs', 'rude', 'improper_fees'];
const COMMENTS = [
  '办理很快，谢谢',
  '等候时间有点长',
  '工作人员很耐心',
  '希望增加自助机',
  '指示牌不够清楚',
  '整体不错',
];

/** A citizen's ballot: mostly satisfied (the ceiling effect), a third all 非常满意, optional parts varied. */
function genuineAnswers(r: () => number): Answers {
  const straight = r() < 0.35;
  const base = r() < 0.8 ? 5 : r() < 0.7 ? 4 : r() < 0.6 ? 3 : r() < 0.5 ? 2 : 1;
  const level = () => (straight ? base : Math.max(1, Math.min(5, base + Math.round((r() - 0.5) * 2.4))));
  const a: Answers = {
    q_overall: level(),
    q_attitude: level(),
    q_efficiency: level(),
    q_transparency: level(),
    q_safety: straight ? base : Math.max(1, Math.min(5, 4 + Math.round((r() - 0.6) * 3))),
  };
  if (r() < 0.8) a.q_business = BUSINESS[Math.floor(r() * BUSINESS.length)]!;
  if (r() < 0.35) a.q_problems = PROBLEMS.filter(() => r() < 0.3).slice(0, 3);
  if (Array.isArray(a.q_problems) && a.q_problems.length === 0) delete a.q_problems;
  if (r() < 0.75) a.q_recommend = Math.max(0, Math.min(10, Math.round(base * 2 - r() * 3)));
  if (r() < 0.25) a.q_suggestion = COMMENTS[Math.floor(r() * COMMENTS.length)]!;
  return a;
}

/** Day `day` (YYYY-MM-DD) at `hh:mm` China Standard Time, plus `sec` seconds. */
export const cst = (day: string, hhmm: string, sec = 0): Date =>
  new Date(Date.parse(`${day}T${hhmm}:00+08:00`) + sec * 1000);

const device = (r: () => number) => `dev${Math.floor(r() * 1e12).toString(36)}${randomUUID().slice(0, 8)}`;
const ipv4 = (a: number, b: number, c: number, d: number) => `${a}.${b}.${c}.${d}`;

/** The stuffing patterns, each at its own service point so their counters do not mix. */
export function stuffingPatterns(forms: DemoForm[], day: string, r: () => number): Record<string, Ballot[]> {
  const at = (i: number) => forms[i % forms.length]!;
  const one = device(r);
  const mass = Array.from({ length: 500 }, (_, i) => ({
    form: at(0),
    at: cst(day, '10:00', i * 0.5),
    seconds: 4 + r() * 4,
    answers: allVerySatisfied(),
    deviceId: one,
    address: '203.0.113.77',
  }));
  const burst = Array.from({ length: 40 }, (_, i) => ({
    form: at(1),
    at: cst(day, '14:00', i * 12),
    seconds: 40 + r() * 60,
    answers: allVerySatisfied(),
    deviceId: device(r),
    address: ipv4(100, 64 + i, Math.floor(r() * 255), 9),
  }));
  const night = Array.from({ length: 30 }, (_, i) => ({
    form: at(2),
    at: cst(day, '22:30', i * 240),
    seconds: 50 + r() * 60,
    answers: allVerySatisfied(),
    deviceId: device(r),
    address: ipv4(100, 80 + i, 1, 9),
  }));
  const unitNet = Array.from({ length: 30 }, (_, i) => ({
    form: at(3),
    at: cst(day, '09:00', i * 900),
    seconds: 50 + r() * 60,
    answers: allVerySatisfied(),
    deviceId: device(r),
    address: ipv4(10, 13, 6, 20 + i),
  }));
  const staffPhone = device(r);
  const reuse = Array.from({ length: 12 }, (_, i) => ({
    form: at(4 + (i % Math.max(1, forms.length - 4))),
    at: cst(day, '11:00', i * 1500),
    seconds: 50 + r() * 60,
    answers: allVerySatisfied(),
    deviceId: staffPhone,
    address: ipv4(100, 100 + i, 7, 9),
  }));
  const straight = Array.from({ length: 30 }, (_, i) => ({
    form: at(5),
    at: cst(day, '08:45', i * 1000),
    seconds: 45 + r() * 60,
    answers: allVerySatisfied(),
    deviceId: device(r),
    address: ipv4(100, 120 + i, 3, 9),
  }));
  const fast = Array.from({ length: 30 }, (_, i) => ({
    form: at(6),
    at: cst(day, '13:00', i * 700),
    seconds: 3 + r() * 3,
    answers: allVerySatisfied(),
    deviceId: device(r),
    address: ipv4(100, 150 + i, 3, 9),
  }));
  return { mass, burst, night, unitNet, reuse, straight, fast };
}

/**
 * Genuine ballots: spread over opening hours at several windows, human completion times
 * (log-normal, median 80 s), one device each (5 % without local storage), addresses from a few
 * carrier-grade NAT pools (shared /24s), home broadband and IPv6.
 */
export function genuineBallots(forms: DemoForm[], day: string, n: number, r: () => number): Ballot[] {
  const pools = Array.from({ length: 12 }, (_, i) => [36 + i, 100 + i * 7, 20 + i]);
  const out: Ballot[] = [];
  for (let i = 0; i < n; i++) {
    const minute = 8.5 * 60 + r() * (9 * 60);
    const hh = String(Math.floor(minute / 60)).padStart(2, '0');
    const mm = String(Math.floor(minute % 60)).padStart(2, '0');
    const normal = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    const kind = r();
    const pool = pools[Math.floor(r() * pools.length)]!;
    const address =
      kind < 0.6
        ? ipv4(pool[0]!, pool[1]!, pool[2]!, Math.floor(r() * 255))
        : kind < 0.85
          ? ipv4(1 + Math.floor(r() * 200), Math.floor(r() * 255), Math.floor(r() * 255), 10)
          : `2409:8a00:${Math.floor(r() * 65535).toString(16)}:${Math.floor(r() * 65535).toString(16)}::1`;
    out.push({
      form: forms[7 + (i % Math.max(1, forms.length - 7))] ?? forms[i % forms.length]!,
      at: cst(day, `${hh}:${mm}`, Math.floor(r() * 60)),
      seconds: Math.max(15, 80 * Math.exp(0.5 * normal)),
      answers: genuineAnswers(r),
      deviceId: r() < 0.95 ? device(r) : undefined,
      address,
    });
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** What happened to one set of ballots. */
export interface PatternResult {
  sent: number;
  accepted: number;
  quarantined: number;
  /** Flags seen, with how many ballots carried each. */
  flags: Record<string, number>;
}

async function play(target: SimTarget, ballots: Ballot[]): Promise<PatternResult> {
  const result: PatternResult = { sent: ballots.length, accepted: 0, quarantined: 0, flags: {} };
  for (const b of ballots) {
    target.clock.set(b.at);
    const res = await target.request(`/api/v1/forms/${b.form.token}/responses`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(b.address ? { [SIM_ADDRESS_HEADER]: b.address } : {}),
      },
      body: JSON.stringify({
        submissionId: randomUUID(),
        answers: b.answers,
        startedAt: new Date(b.at.getTime() - b.seconds * 1000).toISOString(),
        locale: 'zh-CN',
        version: 1,
        ...(b.deviceId ? { deviceId: b.deviceId } : {}),
      }),
    });
    if (res.status !== 201) throw new Error(`submission answered ${res.status}: ${await res.text()}`);
    result.accepted++;
    const verdict = await target.verdict(((await res.json()) as { responseId: string }).responseId);
    if (verdict?.quarantined) result.quarantined++;
    for (const f of verdict?.flags ?? []) result.flags[f] = (result.flags[f] ?? 0) + 1;
  }
  return result;
}

export interface SimulationReport {
  day: string;
  patterns: Record<string, PatternResult>;
  genuine: PatternResult;
  falsePositiveRate: number;
}

/**
 * Plays every stuffing pattern, then the genuine set on another day (so each is judged on its own),
 * and reports per pattern how many ballots were quarantined.
 * @param opts.unitNetwork the unit range used by the "unit network" pattern (set on the target's unit).
 */
export async function runStuffingSimulation(
  target: SimTarget,
  opts: { day?: string; genuineDay?: string; genuine?: number; seed?: number } = {},
): Promise<SimulationReport> {
  const day = opts.day ?? '2026-11-17';
  const genuineDay = opts.genuineDay ?? '2026-11-18';
  const r = rng(opts.seed ?? 6);
  const unitOf = (f: DemoForm) => f.servicePointId.split('-')[0]!;
  const patterns = stuffingPatterns(target.forms, day, r);
  await target.setUnitNetworks(unitOf(patterns.unitNet![0]!.form), ['10.13.0.0/16']);
  const results: Record<string, PatternResult> = {};
  for (const [name, ballots] of Object.entries(patterns)) results[name] = await play(target, ballots);
  const genuine = await play(target, genuineBallots(target.forms, genuineDay, opts.genuine ?? 300, r));
  return { day, patterns: results, genuine, falsePositiveRate: genuine.quarantined / genuine.sent };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { randomBytes } = await import('node:crypto');
  const { startDynamoLocal } = await import('../functions/local/dynamo-local');
  const { createDynamoClient } = await import('../functions/db/client');
  const { ensureTables } = await import('../functions/db/create-tables');
  const { tableNamesWithPrefix } = await import('../functions/db/table-names');
  const { DirectoryRepository } = await import('../functions/db/directory-repository');
  const { QuestionnaireRepository } = await import('../functions/db/questionnaire-repository');
  const { seedDemo } = await import('../functions/local/seed');
  const dynamo = await startDynamoLocal({ dataDir: null });
  try {
    const client = createDynamoClient({ endpoint: dynamo.endpoint });
    await ensureTables(client, 'sim-');
    const tables = tableNamesWithPrefix('sim-');
    const qrKey = randomBytes(32);
    const { demoForms } = await seedDemo({
      directory: new DirectoryRepository(client, tables.directory),
      questionnaires: new QuestionnaireRepository(client, tables.questionnaires),
      qrKey,
      publicBaseUrl: 'http://127.0.0.1',
      now: new Date(),
    });
    const report = await runStuffingSimulation(simTarget(client, tables, qrKey, demoForms, new Date()));
    console.log(JSON.stringify(report, null, 2));
    console.log(
      `official day ${serviceDay(cst(report.day, '12:00'))}; false-positive rate ${(report.falsePositiveRate * 100).toFixed(1)} %`,
    );
  } finally {
    await dynamo.stop();
  }
}
