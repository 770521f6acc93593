/**
 * The push to the provincial 好差评 platform against DynamoDB Local and a real HTTP receiver:
 * counted ballots reach the outbox through the Responses stream, are POSTed signed with their
 * idempotency key, survive the receiver being killed mid-run (nothing lost, nothing kept twice),
 * and after MAX_PUSH_ATTEMPTS become dead letters the province (only) can replay.
 */
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toItem } from '../../functions/db/item';
import { responseKeys } from '../../functions/db/keys/responses';
import { PushRepository } from '../../functions/db/push-repository';
import { ReachRepository } from '../../functions/db/reach-repository';
import { MAX_PUSH_ATTEMPTS, pushSigningKey } from '../../functions/domain/reach/push-record';
import { createCaseStreamHandler } from '../../functions/handlers/case-stream-handler';
import { caseServices, pushEnqueueServices } from '../../functions/handlers/case-wiring';
import { httpPushTransport } from '../../functions/handlers/push-transport';
import { createPushHandler } from '../../functions/handlers/reach-jobs';
import { DEFAULT_CASE_SETTINGS } from '../../functions/services/cases/ports';
import { pushDue } from '../../functions/services/reach/push';
import { type PushReceiver, startPushReceiver } from '../../local/push-receiver';
import { type StreamPoller, startStreamPoller } from '../../local/stream-poller';
import { buildWorld, type World } from '../fixtures/authz-world';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { aSubmission, someAnswers } from '../fixtures/factories';
import { silentLogger } from '../fixtures/public-stack';
import { quarantinedBallot } from '../fixtures/quarantined-ballot';
import { responseItem } from './case-stream';

const V1 = '/api/console/v1';
let stack: ConsoleStack;
let world: World;
let onStream: ReturnType<typeof createCaseStreamHandler>;
let poller: StreamPoller;
let receiver: PushReceiver;
let port: number;
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

beforeAll(async () => {
  stack = await createConsoleStack();
  world = await buildWorld(stack);
  receiver = await startPushReceiver(pushSigningKey(stack.qrKey, '130000'));
  port = Number(new URL(receiver.url).port);
  const put = await stack.as('province-admin').put(`${V1}/provinces/130000/reach-settings`, {
    sms: { delayMinutes: 30, quietFrom: '21:00', quietTo: '08:00' },
    push: { endpoint: receiver.url },
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  const { client, tables, endpoint } = stack.db;
  const cases = caseServices({ client, tables, settings: DEFAULT_CASE_SETTINGS });
  onStream = createCaseStreamHandler(
    cases,
    silentLogger(),
    undefined,
    pushEnqueueServices({ client, tables, getVersion: (id, v) => cases.questionnaires.getVersion(id, v) }),
  );
  poller = startStreamPoller({
    client,
    endpoint,
    table: tables.responses,
    handle: (e) => onStream(e as never, {} as never),
    intervalMs: 60_000,
  });
});
afterAll(async () => {
  poller?.stop();
  await receiver?.stop();
});

const pushDeps = () => ({
  store: new PushRepository(stack.db.client, stack.db.tables.responses),
  settings: (p: string) => new ReachRepository(stack.db.client, stack.db.tables).getSettings(p),
  rootKey: stack.qrKey,
  clock,
  transport: httpPushTransport(2000),
});

let sent = 0;
/** Submits ballots round-robin over the demo windows; returns the ids of those counted (not quarantined). */
async function submitBallots(n: number, overall = 4): Promise<string[]> {
  const forms = stack.forms.filter((f) => f.servicePointId.startsWith('13'));
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const form = forms[sent++ % forms.length]!;
    const res = await stack.app().request(`/api/v1/forms/${form.token}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        aSubmission({
          answers: someAnswers({ q_overall: overall } as never),
          deviceId: `dev-${i}-${Date.now()}`,
        }),
      ),
    });
    expect(res.status).toBe(201);
    ids.push(((await res.json()) as { responseId: string }).responseId);
  }
  for (let empty = 0; empty < 2; ) empty = (await poller.pollOnce()) === 0 ? empty + 1 : 0;
  const counted: string[] = [];
  for (const id of ids) if ((await responseItem(stack, id)).integrity?.quarantined !== true) counted.push(id);
  return counted;
}

describe('pushing counted ballots to the province', () => {
  it('delivers every ballot once although the receiver is killed mid-run', { timeout: 120_000 }, async () => {
    const ids = await submitBallots(24);
    expect(ids.length).toBeGreaterThanOrEqual(20);
    const first = receiver;
    expect((await pushDue(pushDeps(), 8)).delivered).toBe(8);
    await first.stop();
    const down = await pushDue(pushDeps(), 100);
    expect(down.delivered).toBe(0);
    expect(down.failed).toBe(ids.length - 8);
    receiver = await startPushReceiver(pushSigningKey(stack.qrKey, '130000'), port);
    offsetMs += 60_000;
    for (let i = 0; i < 5 && (await pushDue(pushDeps(), 100)).delivered > 0; i++) offsetMs += 60_000;
    const keys = [...first.records, ...receiver.records].map((r) => r.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(keys)).toEqual(new Set(ids));
    expect(first.refused + receiver.refused).toBe(0);
    const r = receiver.records[0] ?? first.records[0]!;
    expect(r).toMatchObject({ level: 4, levelLabel: '满意', transactionNo: null, matter: null });
    expect(r.unitCode).toMatch(/^13\d{7}/);
    expect(r.servicePointCode.startsWith(r.unitCode)).toBe(true);
  });

  it('drains a backlog larger than one batch in one run of the scheduled Lambda handler, a batch side by side', {
    timeout: 120_000,
  }, async () => {
    const ids = await submitBallots(7);
    const before = receiver.records.length;
    // Records how many POSTs are in flight at once; each waits (at most 2 s) for a second one.
    let inFlight = 0;
    let most = 0;
    let second: () => void = () => {};
    const twoInFlight = new Promise<void>((ok) => {
      second = ok;
    });
    const deps = pushDeps();
    const transport: typeof deps.transport = async (...args) => {
      most = Math.max(most, ++inFlight);
      if (inFlight >= 2) second();
      await Promise.race([twoInFlight, new Promise((ok) => setTimeout(ok, 2_000))]);
      try {
        return await deps.transport(...args);
      } finally {
        inFlight--;
      }
    };
    const handler = createPushHandler(async () => ({ ...deps, transport }), silentLogger(), 3);
    const report = await handler({}, { getRemainingTimeInMillis: () => 50_000 } as never);
    expect(report.delivered).toBeGreaterThanOrEqual(ids.length);
    // A batch is sent side by side, never more than the batch at once.
    expect(most).toBeGreaterThanOrEqual(2);
    expect(most).toBeLessThanOrEqual(3);
    const keys = receiver.records.slice(before).map((r) => r.idempotencyKey);
    for (const id of ids) expect(keys).toContain(id);
    // Nothing due is left.
    expect((await pushDue(pushDeps(), 100)).delivered).toBe(0);
  });

  it('makes a dead letter after the last attempt; only the province lists and replays it', {
    timeout: 60_000,
  }, async () => {
    const [id] = await submitBallots(1, 1);
    await receiver.stop();
    for (let i = 0; i < MAX_PUSH_ATTEMPTS; i++) {
      await pushDue(pushDeps(), 100);
      offsetMs += 2 * 3_600_000;
    }
    const list = await stack.as('province-admin').get(`${V1}/provinces/130000/push/dead-letters`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { responseId: string }) => i.responseId)).toContain(id);
    expect((await stack.as('unit-staff').get(`${V1}/provinces/130000/push/dead-letters`)).status).toBe(403);
    expect((await stack.as('county-admin').post(`${V1}/push/dead-letters/${id}/replay`)).status).toBe(403);
    receiver = await startPushReceiver(pushSigningKey(stack.qrKey, '130000'), port);
    const replayed = await stack.as('province-admin').post(`${V1}/push/dead-letters/${id}/replay`);
    expect(replayed.status).toBe(200);
    expect((await pushDue(pushDeps(), 100)).delivered).toBe(1);
    expect(receiver.records.map((r) => r.idempotencyKey)).toEqual([id]);
    expect(receiver.records[0]).toMatchObject({ level: 1, levelLabel: '非常不满意' });
  });
});

/** What the appeal service or the retroactive quarantine writes on a ballot that stops counting. */
async function stopCounting(responseId: string, by: 'appeal' | 'integrity') {
  await stack.db.client.send(
    new UpdateItemCommand({
      TableName: stack.db.tables.responses,
      Key: toItem(responseKeys.response(responseId)),
      UpdateExpression:
        by === 'integrity' ? 'SET excludedFromScores = :x, #i.#q = :t' : 'SET excludedFromScores = :x',
      ...(by === 'integrity' ? { ExpressionAttributeNames: { '#i': 'integrity', '#q': 'quarantined' } } : {}),
      ExpressionAttributeValues: toItem({
        ':x': { by, reason: 'test', at: new Date().toISOString() },
        ...(by === 'integrity' ? { ':t': true } : {}),
      }),
    }),
  );
}
const drainStream = async () => {
  for (let empty = 0; empty < 2; ) empty = (await poller.pollOnce()) === 0 ? empty + 1 : 0;
};
const keysAtReceiver = () => receiver.records.map((r) => r.idempotencyKey);
const pushStore = () => new PushRepository(stack.db.client, stack.db.tables.responses);

describe('withdrawing ballots that stop counting', () => {
  it('withdraws a delivered ballot that loses an appeal: signed, once, even when the stream replays', {
    timeout: 60_000,
  }, async () => {
    const [id] = await submitBallots(1);
    await pushDue(pushDeps(), 100);
    expect(keysAtReceiver()).toContain(id);
    await stopCounting(id!, 'appeal');
    await drainStream();
    expect((await pushStore().getPush(`${id}-withdrawal`))?.state).toBe('pending');
    expect((await pushDue(pushDeps(), 100)).delivered).toBeGreaterThanOrEqual(1);
    const withdrawal = receiver.records.find((r) => r.idempotencyKey === `${id}-withdrawal`);
    expect(withdrawal).toMatchObject({ type: 'withdrawal', withdraws: id, reason: 'appeal-upheld' });
    expect(receiver.withdrawn.has(id!)).toBe(true);
    expect(receiver.refused).toBe(0);
    // The same stream record again (a retried batch) enqueues nothing more.
    const item = await responseItem(stack, id!);
    const { marshall } = await import('@aws-sdk/util-dynamodb');
    const replay = {
      Records: [
        { eventName: 'MODIFY', dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }) } },
      ],
    };
    expect(await onStream(replay as never, {} as never)).toEqual({ batchItemFailures: [] });
    expect((await pushDue(pushDeps(), 100)).delivered).toBe(0);
    expect(keysAtReceiver().filter((k) => k.startsWith(id!))).toEqual([id, `${id}-withdrawal`]);
  });

  it('cancels a ballot taken back before its rating was delivered: the province never sees it', {
    timeout: 60_000,
  }, async () => {
    const [id] = await submitBallots(1);
    expect((await pushStore().getPush(id!))?.state).toBe('pending');
    await stopCounting(id!, 'integrity');
    await drainStream();
    expect(await pushStore().getPush(id!)).toMatchObject({ state: 'cancelled', cancelReason: 'quarantined' });
    await pushDue(pushDeps(), 100);
    expect(keysAtReceiver().filter((k) => k.startsWith(id!))).toEqual([]);
  });

  it('withdraws a rating whose delivery raced the cancel', { timeout: 60_000 }, async () => {
    const [id] = await submitBallots(1);
    const store = pushStore();
    const http = httpPushTransport(2000);
    // The ballot stops counting while its rating is on the wire.
    const racing = async (url: string, body: string, headers: Record<string, string>) => {
      if (body.includes(id!))
        expect(await store.cancel(id!, 'appeal-upheld', new Date().toISOString())).toBe(true);
      return http(url, body, headers);
    };
    await pushDue({ ...pushDeps(), transport: racing }, 100);
    expect(keysAtReceiver()).toContain(id);
    await pushDue(pushDeps(), 100);
    expect(receiver.records.find((r) => r.idempotencyKey === `${id}-withdrawal`)).toMatchObject({
      withdraws: id,
      reason: 'appeal-upheld',
    });
  });

  it('pushes a ballot quarantined on arrival only once the province releases it', {
    timeout: 60_000,
  }, async () => {
    const { responseId } = await quarantinedBallot(stack, world.in);
    await drainStream();
    await pushDue(pushDeps(), 100);
    expect(keysAtReceiver()).not.toContain(responseId);
    const released = await stack
      .as('province-admin')
      .post(`${V1}/integrity/quarantine/${responseId}/release`, { note: '人工复核' });
    expect(released.status, JSON.stringify(released.body)).toBe(200);
    await drainStream();
    await pushDue(pushDeps(), 100);
    expect(receiver.records.find((r) => r.idempotencyKey === responseId)).toMatchObject({
      type: 'rating',
      level: 1,
    });
  });
});
