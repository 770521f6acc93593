/**
 * Quiet limits are counters the Responses stream adds each ballot to, each a conditional write of
 * one item holding at most `cap` submission keys: concurrent deliveries cannot
 * slip past a cap together, a retry is not counted twice, a process that knows nothing yet gets
 * the exact verdict, the burst window slides, and a slow drip meets the weekly network cap.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseRepository } from '../../functions/db/case-repository';
import { fromItem, toItem } from '../../functions/db/item';
import { responseKeys } from '../../functions/db/keys/responses';
import { counterKeys } from '../../functions/db/limit-counters';
import { caseIdForResponse } from '../../functions/domain/cases/model';
import { DEFAULT_LIMITS, type QuietLimits } from '../../functions/domain/integrity/settings';
import type { CounterName } from '../../functions/domain/integrity/signals';
import { createCaseStreamHandler } from '../../functions/handlers/case-stream-handler';
import { caseServices } from '../../functions/handlers/case-wiring';
import { publicServices } from '../../functions/handlers/public-deps';
import { retroQuarantineServices } from '../../functions/handlers/retro-quarantine-deps';
import { createPublicApp } from '../../functions/http/public-app';
import { DEFAULT_CASE_SETTINGS } from '../../functions/services/cases/ports';
import type { IntegrityCounterSet } from '../../functions/services/integrity/ports';
import { simClock } from '../../local/stuffing-simulation';
import { cst, SIM_ADDRESS_HEADER, type SimTarget, simTarget } from '../../scripts/stuffing-simulator';
import { createPublicStack, type PublicStack, silentLogger } from '../fixtures/public-stack';

let stack: PublicStack;
const at = cst('2026-11-18', '10:00');
const target = (): SimTarget => simTarget(patient, stack.db.tables, stack.qrKey, stack.forms, at);
/**
 * A client that waits for its connections: each ballot sends its counter writes side by side, and
 * a loaded machine's DynamoDB Local is slow to accept many at once.
 */
let patient: DynamoDBClient;

beforeAll(async () => {
  stack = await createPublicStack();
  patient = stack.db.newClient({
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 20_000, throwOnRequestTimeout: true },
  });
});

/** A genuine-looking ballot: varied answers, a plausible completion time, a device id. */
const ballot = (i: number, deviceId: string, address: string, now = at, submissionId = randomUUID()) => ({
  headers: { 'content-type': 'application/json', [SIM_ADDRESS_HEADER]: address },
  body: JSON.stringify({
    submissionId,
    answers: {
      q_overall: 5 - (i % 3),
      q_attitude: 4 - (i % 2),
      q_efficiency: 3 + (i % 3),
      q_transparency: 4,
      q_safety: 5 - (i % 2),
      q_recommend: i % 11,
    },
    startedAt: new Date(now.getTime() - 180_000).toISOString(),
    locale: 'zh-CN',
    version: 1,
    deviceId,
  }),
});

/** The verdict once the Responses stream has counted the ballot against its quiet limits. */
async function settled(t: SimTarget, responseId: string) {
  await t.settle([responseId]);
  return t.verdict(responseId);
}

async function send(t: SimTarget, token: string, b: ReturnType<typeof ballot>) {
  const res = await t.request(`/api/v1/forms/${token}/responses`, { method: 'POST', ...b });
  if (res.status !== 201) throw new Error(`${res.status}: ${await res.text()}`);
  const { responseId } = (await res.json()) as { responseId: string };
  return settled(t, responseId);
}

/** How many submissions a ballot's counter holds (the QuietLimits item, read as stored). */
async function held(responseId: string, name: CounterName): Promise<number> {
  const { client, tables } = stack.db;
  const r = await client.send(
    new GetItemCommand({ TableName: tables.responses, Key: toItem(responseKeys.response(responseId)) }),
  );
  const set = fromItem<{ integrityCounters: IntegrityCounterSet }>(r.Item!).integrityCounters;
  const key = counterKeys(set).find((k) => k.name === name)!.key;
  const c = await client.send(
    new GetItemCommand({ TableName: tables.quietLimits, Key: toItem(key), ConsistentRead: true }),
  );
  return c.Item?.s?.SS?.length ?? 0;
}

describe('quiet limits as conditional counters', () => {
  it('admits exactly the per-device cap of eight ballots from one device delivered at once', async () => {
    const t = target();
    const form = stack.forms[0]!;
    const device = `dev-${randomUUID()}`;
    // Only the per-window device counter can bind: the device's all-windows cap is out of reach.
    const { post } = clockedApp(at, { perDeviceAllPoints: 100 });
    const ids = await Promise.all(
      Array.from({ length: 8 }, (_, i) => post(form.token, ballot(i, device, `10.1.${i}.9`))),
    );
    // Counted at once, before the stream has run.
    expect(await t.officialResponses(form.servicePointId, '2026-11-18')).toBe(8);
    await Promise.all(ids.map((id) => t.settle([id])));
    expect(await held(ids[0]!, 'device')).toBe(DEFAULT_LIMITS.perDevice);
    // The six over the cap are taken back, and the device's pattern takes back its first two.
    for (const id of ids) {
      expect(await t.verdict(id)).toMatchObject({ quarantined: true });
      expect((await t.verdict(id))!.flags).toContain('deviceLimit');
    }
    expect(await t.officialResponses(form.servicePointId, '2026-11-18')).toBe(0);
  });

  it('admits exactly each cap when two counters of one device bind at once', async () => {
    // Each counter orders concurrent deliveries by itself: the window's device counter admits two,
    // the device's all-windows counter four, not necessarily among those two.
    const t = target();
    const form = stack.forms[6]!;
    const device = `dev-${randomUUID()}`;
    const { post } = clockedApp(at);
    const ids = await Promise.all(
      Array.from({ length: 8 }, (_, i) => post(form.token, ballot(i, device, `10.6.${i}.9`))),
    );
    await Promise.all(ids.map((id) => t.settle([id])));
    expect(await held(ids[0]!, 'device')).toBe(DEFAULT_LIMITS.perDevice);
    expect(await held(ids[0]!, 'deviceAllPoints')).toBe(DEFAULT_LIMITS.perDeviceAllPoints);
    for (const id of ids) {
      const v = (await t.verdict(id))!;
      expect(v.quarantined).toBe(true);
      expect(v.flags.some((f) => f === 'deviceLimit' || f === 'deviceReuse')).toBe(true);
    }
    expect(await t.officialResponses(form.servicePointId, '2026-11-18')).toBe(0);
  });

  it('flags a ballot on arrival once its own process stored the cap, and the stream still takes back the first ones', async () => {
    const t = target();
    const form = stack.forms[8]!;
    const device = `dev-${randomUUID()}`;
    const { post } = clockedApp(at);
    const ids = [];
    for (let i = 0; i < DEFAULT_LIMITS.perDevice + 1; i++)
      ids.push(await post(form.token, ballot(i, device, `10.9.${i}.9`)));
    // Before the stream has run: the process knows its own two filled the device counter.
    const last = await t.verdict(ids.at(-1)!);
    expect(last).toMatchObject({ quarantined: true });
    expect(last!.flags).toContain('deviceLimit');
    expect(await t.officialResponses(form.servicePointId, '2026-11-18')).toBe(DEFAULT_LIMITS.perDevice);
    // The stream may deliver the flagged one first: the counter is not done until it is full.
    await t.settle([ids.at(-1)!]);
    await t.settle(ids.slice(0, -1));
    for (const id of ids) expect(await t.verdict(id)).toMatchObject({ quarantined: true });
    expect(await t.officialResponses(form.servicePointId, '2026-11-18')).toBe(0);
  });

  it('gives a fresh process (nothing learnt yet) the same verdict as the one that saw the cap reached', async () => {
    const form = stack.forms[1]!;
    const device = `dev-${randomUUID()}`;
    const first = target();
    for (let i = 0; i < DEFAULT_LIMITS.perDevice; i++) {
      expect((await send(first, form.token, ballot(i, device, `10.2.${i}.9`)))?.quarantined).toBe(false);
    }
    expect(await first.officialResponses(form.servicePointId, '2026-11-18')).toBe(DEFAULT_LIMITS.perDevice);
    const fresh = target();
    const over = await send(fresh, form.token, ballot(9, device, '10.2.9.9'));
    expect(over).toMatchObject({ quarantined: true });
    expect(over!.flags).toContain('deviceLimit');
    // Learnt now: the next one is flagged without writing the counter again, with the same verdict.
    const again = await send(fresh, form.token, ballot(10, device, '10.2.10.9'));
    expect(again!.flags).toContain('deviceLimit');
    // The device's pattern took back its first ballots too.
    expect(await fresh.officialResponses(form.servicePointId, '2026-11-18')).toBe(0);
  });
});

/**
 * The public app on a clock the test moves, with the client address from the simulation header
 * and the given quiet limits as the deployment's (the province's defaults reach it the same way).
 */
function clockedApp(start: Date, limits: Partial<QuietLimits> = {}) {
  const clock = simClock(start);
  const app = createPublicApp({
    logger: silentLogger(),
    ...publicServices({
      client: patient,
      tables: stack.db.tables,
      qrKey: stack.qrKey,
      clock,
      clientAddress: (c) => c.req.header(SIM_ADDRESS_HEADER),
      integrityDefaults: { limits },
    }),
  });
  const post = async (token: string, b: ReturnType<typeof ballot>) => {
    const res = await app.request(`/api/v1/forms/${token}/responses`, { method: 'POST', ...b });
    if (res.status !== 201) throw new Error(`${res.status}: ${await res.text()}`);
    return ((await res.json()) as { responseId: string }).responseId;
  };
  return { clock, post };
}

describe('on the Responses stream, before the case', () => {
  it('takes back a bad review over a quiet limit before its case is opened or it is pushed', async () => {
    const { client, tables } = stack.db;
    const onStream = createCaseStreamHandler(
      caseServices({ client, tables, settings: DEFAULT_CASE_SETTINGS }),
      silentLogger(),
      retroQuarantineServices({ client, tables }),
    );
    /** Hands the stored item to the handler as the stream record of its insert. */
    const deliver = async (responseId: string) => {
      const r = await client.send(
        new GetItemCommand({ TableName: tables.responses, Key: toItem(responseKeys.response(responseId)) }),
      );
      const out = await onStream(
        { Records: [{ eventName: 'INSERT', dynamodb: { NewImage: r.Item } }] } as never,
        {} as never,
      );
      expect(out).toEqual({ batchItemFailures: [] });
    };
    const cases = new CaseRepository(client, tables);
    const form = stack.forms[7]!;
    const device = `dev-${randomUUID()}`;
    // Two processes (Lambda containers), so neither knows the other's ballot: the stream decides.
    const one = clockedApp(at, { perDevice: 1 });
    const other = clockedApp(at, { perDevice: 1 });
    const oneStar = (i: number) => {
      const b = ballot(i, device, `10.8.${i}.9`);
      const body = JSON.parse(b.body);
      body.answers = { ...body.answers, q_overall: 1, q_attitude: 1 };
      return { ...b, body: JSON.stringify(body) };
    };
    const first = await one.post(form.token, oneStar(0));
    const second = await other.post(form.token, oneStar(1));
    // Both counted at once, before the stream has run.
    expect(await target().officialResponses(form.servicePointId, '2026-11-18')).toBe(2);
    await deliver(first);
    expect(await cases.get(caseIdForResponse(first))).toBeDefined();
    await deliver(second);
    const v = await target().verdict(second);
    expect(v).toMatchObject({ quarantined: true });
    expect(v!.flags).toContain('deviceLimit');
    // No case the unit could see: it waits in the province's queue.
    expect(await cases.get(caseIdForResponse(second))).toBeUndefined();
    // The device's pattern took its first ballot back too (its case stays: a reported problem is followed up).
    expect(await target().officialResponses(form.servicePointId, '2026-11-18')).toBe(0);
    // A redelivery changes nothing.
    await deliver(second);
    await deliver(first);
    expect(await target().officialResponses(form.servicePointId, '2026-11-18')).toBe(0);
    expect(await cases.get(caseIdForResponse(second))).toBeUndefined();
  });
});

describe('retries and sliding bursts', () => {
  it('does not count a retried submission twice toward a cap', async () => {
    const t = target();
    const form = stack.forms[2]!;
    const { clock, post } = clockedApp(cst('2026-11-19', '10:00'));
    const device = `dev-${randomUUID()}`;
    const first = randomUUID();
    // The same submission three times (a phone re-sending), then a second one from that device.
    for (let r = 0; r < 3; r++) {
      await t.settle([await post(form.token, ballot(0, device, '10.3.0.9', clock.now(), first))]);
    }
    const second = await post(form.token, ballot(1, device, '10.3.1.9', clock.now()));
    expect((await settled(t, second))?.flags ?? []).not.toContain('deviceLimit');
    const third = await post(form.token, ballot(2, device, '10.3.2.9', clock.now()));
    expect((await settled(t, third))?.flags).toContain('deviceLimit');
  });

  it('catches a burst that straddles a ten-minute boundary (the window slides)', async () => {
    const t = target();
    const form = stack.forms[3]!;
    // cap + 2 ballots, one every 25 s from 09:57: eight before 10:00 and six after, so neither
    // ten-minute slot (09:50–09:59, 10:00–10:09) ever holds more than the cap of twelve.
    const cap = DEFAULT_LIMITS.burst;
    expect(cap).toBe(12);
    const { clock, post } = clockedApp(cst('2026-11-20', '09:57'));
    const verdicts = [];
    for (let i = 0; i < cap + 2; i++) {
      clock.set(new Date(cst('2026-11-20', '09:57').getTime() + i * 25_000));
      const id = await post(form.token, ballot(i, `dev-${randomUUID()}`, `10.4.${i}.9`, clock.now()));
      verdicts.push(await settled(t, id));
    }
    const burst = verdicts.map((v) => v?.flags.includes('burst') ?? false);
    // The last two each find the cap's twelve others within the last ten minutes.
    expect(burst).toEqual([...Array(cap).fill(false), true, true]);
    // Eleven minutes later the window has slid past all of them.
    clock.set(new Date(clock.now().getTime() + 11 * 60_000));
    const later = await post(form.token, ballot(99, `dev-${randomUUID()}`, '10.4.99.9', clock.now()));
    expect((await settled(t, later))?.flags ?? []).not.toContain('burst');
  });
});

describe('a slow drip from one network at two windows', () => {
  // Hundreds of ballots, each with its counter writes: minutes on a shared 2-core machine.
  it('is stopped by the weekly cap per network and window where the daily cap never is', {
    timeout: 240_000,
  }, async () => {
    const t = target();
    const windows = [stack.forms[4]!, stack.forms[5]!];
    expect(windows[0]!.servicePointId).not.toBe(windows[1]!.servicePointId);
    const daily = 6;
    const weekly = 10;
    const { clock, post } = clockedApp(cst('2026-12-07', '10:00'), {
      perNetwork4: daily,
      perNetwork4Weekly: weekly,
    });
    let i = 0;
    /** One ballot every 80 s at each window, `perWindow` of them, on one day from 10:00. */
    const drip = async (day: string, perWindow: number) => {
      const counted = windows.map(() => 0);
      for (let k = 0; k < perWindow; k++) {
        clock.set(new Date(cst(day, '10:00').getTime() + k * 80_000));
        for (const [w, form] of windows.entries()) {
          // A fresh device id every time, one /24 throughout: only the network ties them.
          const id = await post(
            form.token,
            ballot(i++, `dev-${randomUUID()}`, `203.0.113.${k + 1}`, clock.now()),
          );
          const v = await settled(t, id);
          if (!v?.quarantined) counted[w]!++;
          else expect(v.flags).toContain('networkLimit');
        }
      }
      return counted;
    };
    // Monday to Wednesday, always exactly the daily cap: the week's cap stops the drip on Tuesday.
    expect(await drip('2026-12-07', daily)).toEqual([6, 6]);
    expect(await drip('2026-12-08', daily)).toEqual([4, 4]);
    expect(await drip('2026-12-09', daily)).toEqual([0, 0]);
    // A new week starts afresh; the daily cap still holds on its own.
    expect(await drip('2026-12-14', daily + 2)).toEqual([6, 6]);
    for (const form of windows) {
      const week = ['2026-12-07', '2026-12-08', '2026-12-09'];
      const official = await Promise.all(week.map((d) => t.officialResponses(form.servicePointId, d)));
      expect(official.reduce((a, b) => a + b, 0)).toBe(weekly);
    }
  });
});
