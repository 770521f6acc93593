/**
 * The ballot-stuffing simulation: stuffing patterns and a realistic set of genuine
 * ballots, played against the public API on a simulated clock. After each set, the
 * Responses-stream work runs (the retroactive quarantine); then the stored responses tell which
 * ballots were quarantined. The stuffer's view (201 + receipt) is identical either way; only the
 * database knows.
 *
 * The core only: where it plays is a {@link SimTarget} (built on DynamoDB by
 * local/simulation-deps.ts). Used by scripts/stuffing-simulator.ts (CLI and tests)
 * and by the console's demo route (run-simulation.ts), both local only.
 */
import { randomUUID } from 'node:crypto';
import type { IntegrityVerdict } from '../functions/domain/integrity/signals';
import { mulberry32 } from '../functions/domain/scoring/prng';
import { beijingInstant } from '../functions/domain/service-day';
import type { Answers } from '../functions/schemas/submission';
import type {
  PatternName,
  PatternResult,
  SimulationReport,
} from '../functions/services/integrity/simulation-port';
import { appealQuarantined, ownSettings, UNIT_PLAYER } from './unit-plays';

export type { PatternName, PatternResult, SimulationReport };

/** A form the simulation submits to: a service point and a signed static QR token of it. */
export interface SimForm {
  servicePointId: string;
  token: string;
}

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
  /**
   * The same request as an API Gateway event through the Lambda handler, from `sourceIp` as API
   * Gateway saw it: the address is the handler's to find, from the event and its headers.
   */
  lambdaRequest?(path: string, init: RequestInit, sourceIp: string | undefined): Promise<Response>;
  clock: SimClock;
  forms: SimForm[];
  setUnitNetworks(unitId: string, ranges: string[]): Promise<void>;
  verdict(responseId: string): Promise<IntegrityVerdict | undefined>;
  officialResponses(nodeId: string, day: string): Promise<number>;
  /**
   * Delivers the new responses to the Responses-stream work that follows a submission (quiet-limit
   * counting and the retroactive quarantine), in order, as the stream would: the same use case,
   * handed the image.
   */
  settle(responseIds: readonly string[]): Promise<void>;
  /**
   * The console API as a demo user, for the patterns the rated unit plays there (unit-plays.ts);
   * without it those patterns are left out.
   */
  consoleAs?(userId: string, method: string, path: string, body?: unknown): Promise<ConsoleReply>;
}

/** A console API answer: status and parsed JSON body (null when none). */
export interface ConsoleReply {
  status: number;
  body: unknown;
}

/**
 * The header through which the simulated client address reaches the simulation's own in-process
 * app; the deployed public app never reads it.
 */
export const SIM_ADDRESS_HEADER = 'x-sim-client-address';

/**
 * A deterministic pseudo-random generator, so every run plays the same ballots: the domain's
 * mulberry32 (the one the rankings draw from), under the name the simulator's callers use.
 */
export const rng: (seed: number) => () => number = mulberry32;

/** One planned ballot. */
interface Ballot {
  form: SimForm;
  at: Date;
  seconds: number;
  answers: Answers;
  deviceId?: string;
  address?: string;
  /** Sent as a Lambda event from this source address with these headers, instead of `address`. */
  lambda?: { sourceIp?: string; headers: Record<string, string> };
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
export const cst = beijingInstant;

const device = (r: () => number) => `dev${Math.floor(r() * 1e12).toString(36)}${randomUUID().slice(0, 8)}`;
const ipv4 = (a: number, b: number, c: number, d: number) => `${a}.${b}.${c}.${d}`;

/** The stuffing patterns, each at its own service point so their counters do not mix. */
export function stuffingPatterns(forms: SimForm[], day: string, r: () => number): Record<string, Ballot[]> {
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
  // A patient drip: one address, a fresh phone, a human pace and varied answers each time, one
  // ballot every 80 s from 08:30, alternating between two windows (no burst, no device cap, no
  // speed flag, no identical answers: only the per-network cap is left to catch it).
  const drip = Array.from({ length: 200 }, (_, i) => ({
    form: at(7 + (i % 2)),
    at: cst(day, '08:30', i * 80),
    seconds: 50 + r() * 60,
    answers: genuineAnswers(r),
    deviceId: device(r),
    address: '198.51.100.23',
  }));
  // A coached queue: real citizens on their own phones and networks, told what to answer, spread
  // over an hour at one window; two days later, so no other pattern's counters mix in.
  const coachedDay = new Date(Date.parse(`${day}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
  const coached = Array.from({ length: 60 }, (_, i) => ({
    form: at(1),
    at: cst(coachedDay, '15:00', i * 60 + Math.floor(r() * 40)),
    seconds: 40 + r() * 80,
    answers: { ...allVerySatisfied(), q_business: 'household' },
    deviceId: device(r),
    address: ipv4(36 + (i % 12), 100 + ((i * 7) % 120), Math.floor(r() * 255), 1 + Math.floor(r() * 250)),
  }));
  // Address headers on the Lambda path: one real source address, a fresh CloudFront-Viewer-Address,
  // X-Forwarded-For or unparseable address on each ballot, fresh phones, a human pace (one ballot
  // every 2 min) and varied answers, so only the per-network cap can catch it. Drawn from a
  // generator of its own, so the other patterns and the genuine set stay the ballots they were.
  const lr = rng(1404);
  const lambdaDay = new Date(Date.parse(`${day}T00:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10);
  const forged = (i: number): Record<string, string> =>
    i % 3 === 0
      ? { 'cloudfront-viewer-address': `${ipv4(1 + (i % 200), i % 250, 7, 9)}:443` }
      : i % 3 === 1
        ? { 'x-forwarded-for': `${ipv4(2 + (i % 200), i % 250, 8, 9)}, 130.176.0.1` }
        : { 'cloudfront-viewer-address': `not-an-address-${i}` };
  const lambdaHeaders = Array.from({ length: 120 }, (_, i) => ({
    form: at(2),
    at: cst(lambdaDay, '08:40', i * 120),
    seconds: 50 + lr() * 60,
    answers: genuineAnswers(lr),
    deviceId: device(lr),
    lambda: { sourceIp: '203.0.113.99', headers: forged(i) },
  }));
  return { mass, burst, night, unitNet, reuse, straight, fast, drip, coached, lambdaHeaders };
}

/**
 * Genuine ballots: spread over opening hours at several windows, human completion times
 * (log-normal, median 80 s), one device each (5 % without local storage), addresses from a few
 * carrier-grade NAT pools (shared /24s), home broadband and IPv6.
 */
export function genuineBallots(forms: SimForm[], day: string, n: number, r: () => number): Ballot[] {
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

/** Opens the form at `at`, as the phone does before answering: the server's signed open time. */
export async function openForm(target: Pick<SimTarget, 'request' | 'clock'>, form: SimForm, at: Date) {
  target.clock.set(at);
  const res = await target.request(`/api/v1/forms/${form.token}`, { method: 'GET' });
  if (res.status !== 200) throw new Error(`form answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { opened?: string }).opened;
}

async function play(target: SimTarget, ballots: Ballot[]): Promise<PatternResult & { ids: string[] }> {
  const result: PatternResult = { sent: ballots.length, accepted: 0, quarantined: 0, flags: {} };
  const ids: string[] = [];
  for (const b of ballots) {
    const opened = await openForm(target, b.form, new Date(b.at.getTime() - b.seconds * 1000));
    target.clock.set(b.at);
    const path = `/api/v1/forms/${b.form.token}/responses`;
    if (b.lambda && !target.lambdaRequest) throw new Error('this target has no Lambda path');
    const send = (init: RequestInit) =>
      b.lambda ? target.lambdaRequest!(path, init, b.lambda.sourceIp) : target.request(path, init);
    const res = await send({
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(b.address ? { [SIM_ADDRESS_HEADER]: b.address } : {}),
        ...b.lambda?.headers,
      },
      body: JSON.stringify({
        submissionId: randomUUID(),
        answers: b.answers,
        startedAt: new Date(b.at.getTime() - b.seconds * 1000).toISOString(),
        opened,
        locale: 'zh-CN',
        version: 1,
        ...(b.deviceId ? { deviceId: b.deviceId } : {}),
      }),
    });
    if (res.status !== 201) throw new Error(`submission answered ${res.status}: ${await res.text()}`);
    result.accepted++;
    ids.push(((await res.json()) as { responseId: string }).responseId);
  }
  // Verdicts as they stand once the stream has run: a pattern found late takes back its start.
  await target.settle(ids);
  for (const id of ids) {
    const verdict = await target.verdict(id);
    if (verdict?.quarantined) result.quarantined++;
    for (const f of verdict?.flags ?? []) result.flags[f] = (result.flags[f] ?? 0) + 1;
  }
  return { ...result, ids };
}

const withoutIds = ({ ids: _, ...r }: PatternResult & { ids: string[] }): PatternResult => r;

const plusDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export interface SimulationOptions {
  /** Service day of the stuffing patterns (YYYY-MM-DD, Beijing). */
  day?: string;
  /** Service day of the genuine set; another day by default, so each is judged on its own. */
  genuineDay?: string;
  /** How many genuine ballots (default 300; 0 plays none). */
  genuine?: number;
  seed?: number;
  /** Plays only these patterns (default all); the ballots are the same as in a full run. */
  patterns?: readonly PatternName[];
}

/**
 * Plays every stuffing pattern, then the genuine set on another day (so each is judged on its own),
 * and reports per pattern how many ballots were quarantined. The "unit network" pattern's unit gets
 * the range 10.13.0.0/16 as its own network first.
 */
export async function runStuffingSimulation(
  target: SimTarget,
  opts: SimulationOptions = {},
): Promise<SimulationReport> {
  const day = opts.day ?? '2026-11-17';
  const genuineDay = opts.genuineDay ?? '2026-11-18';
  const r = rng(opts.seed ?? 6);
  const unitOf = (f: SimForm) => f.servicePointId.split('-')[0]!;
  const patterns = stuffingPatterns(target.forms, day, r);
  await target.setUnitNetworks(unitOf(patterns.unitNet![0]!.form), ['10.13.0.0/16']);
  const results: Record<string, PatternResult> = {};
  const wanted = (name: string) => !opts.patterns || opts.patterns.includes(name as PatternName);
  for (const [name, ballots] of Object.entries(patterns)) {
    if (wanted(name)) results[name] = withoutIds(await play(target, ballots));
  }
  // The rated unit's own moves, each on a day of its own at a window of the demo unit-staff's unit.
  const unitForm = target.forms.find((f) => f.servicePointId.startsWith(`${UNIT_PLAYER.unitId}-`));
  if (target.consoleAs && unitForm) {
    const playIds = (b: Ballot[]) => play(target, b);
    if (wanted('ownSettings'))
      results.ownSettings = await ownSettings(target, unitForm, plusDays(day, 4), playIds, cst);
    if (wanted('appealQuarantined'))
      results.appealQuarantined = await appealQuarantined(target, unitForm, plusDays(day, 5), playIds, cst);
  }
  const genuine = withoutIds(
    await play(target, genuineBallots(target.forms, genuineDay, opts.genuine ?? 300, r)),
  );
  const falsePositiveRate = genuine.sent > 0 ? genuine.quarantined / genuine.sent : 0;
  return { day, patterns: results, genuine, falsePositiveRate };
}
