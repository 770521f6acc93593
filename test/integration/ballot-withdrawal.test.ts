/**
 * A citizen withdraws their own ballot with its receipt, through the public API on DynamoDB
 * Local: a counted ballot leaves the official aggregates once (a replay answers the same); after
 * 30 minutes it is refused in Chinese; the answer never tells whether the ballot had counted; a
 * withdrawn quarantined ballot leaves the province's queue and can never be released.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ResponseRepository } from '../../functions/db/response-repository';
import { signQrToken } from '../../functions/domain/qr-token';
import { serviceDay } from '../../functions/domain/service-day';
import { DEMO_QUESTIONNAIRE_ID } from '../../local/seed/demo-questionnaire';
import { servicePointWithCode } from '../fixtures/authz-world';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { aSubmission, openStamp, someAnswers } from '../fixtures/factories';

const V1 = '/api/console/v1';
const UNIT = '130628001';
let stack: ConsoleStack;

beforeAll(async () => {
  stack = await createConsoleStack();
});

const later = (minutes: number) => ({ now: () => new Date(Date.now() + minutes * 60_000) });

async function freshWindow() {
  const w = await servicePointWithCode(stack, { unitId: UNIT } as never);
  const token = signQrToken(stack.qrKey, {
    tokenId: w.tokenId,
    servicePointId: w.servicePointId,
    questionnaireId: DEMO_QUESTIONNAIRE_ID,
  });
  return { ...w, token };
}

async function send(token: string, body = aSubmission()) {
  const res = await stack.app().request(`/api/v1/forms/${token}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { responseId: string; receipt: string };
}

const withdraw = (receipt: string, clock?: { now: () => Date }) =>
  stack.app(clock ? { clock } : {}).request(`/api/v1/receipts/${receipt}/withdraw`, { method: 'POST' });

const track = async (receipt: string, clock?: { now: () => Date }) =>
  (await (await stack.app(clock ? { clock } : {}).request(`/api/v1/receipts/${receipt}`)).json()) as Record<
    string,
    unknown
  >;

async function queue(): Promise<string[]> {
  const day = serviceDay(new Date());
  const res = await stack.as('province-admin').get(`${V1}/integrity/quarantine?from=${day}&to=${day}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return JSON.stringify(res.body).match(/"responseId":"[^"]+"/g) ?? [];
}

async function responsesCounted(servicePointId: string): Promise<number> {
  const day = serviceDay(new Date());
  const aggs = await new ResponseRepository(stack.db.client, stack.db.tables).dailyAggregates(
    servicePointId,
    day,
    day,
  );
  return aggs.reduce((n, a) => n + a.responses, 0);
}

describe('withdrawing one’s own ballot', () => {
  it('takes a counted ballot out of the window’s figures once; a replay answers the same', async () => {
    const w = await freshWindow();
    const kept = await send(w.token);
    const gone = await send(w.token);
    expect(await responsesCounted(w.servicePointId)).toBe(2);
    expect(await track(gone.receipt)).toMatchObject({ withdrawableUntil: expect.any(String) });

    const first = await withdraw(gone.receipt);
    expect(first.status, await first.clone().text()).toBe(200);
    const body = (await first.json()) as { withdrawn: boolean; withdrawnAt: string };
    expect(body.withdrawn).toBe(true);
    const again = await withdraw(gone.receipt);
    expect(((await again.json()) as { withdrawnAt: string }).withdrawnAt).toBe(body.withdrawnAt);
    expect(await responsesCounted(w.servicePointId)).toBe(1);
    expect(await track(gone.receipt)).toMatchObject({ withdrawnAt: body.withdrawnAt });
    expect(await track(kept.receipt)).not.toHaveProperty('withdrawnAt');
    // Sending the same submission again (a phone's retry) does not bring it back.
    expect(await responsesCounted(w.servicePointId)).toBe(1);
  });

  it('refuses after 30 minutes, in Chinese, and answers 404 / 400 for unknown and malformed receipts', async () => {
    const w = await freshWindow();
    const { receipt } = await send(w.token);
    const late = await withdraw(receipt, later(31));
    expect(late.status).toBe(409);
    const err = (await late.json()) as { error: { code: string; message: string } };
    expect(err.error.code).toBe('WITHDRAW_WINDOW_PASSED');
    expect(err.error.message).toContain('30 分钟');
    expect(await responsesCounted(w.servicePointId)).toBe(1);
    expect(await track(receipt, later(31))).not.toHaveProperty('withdrawableUntil');
    expect((await withdraw(receipt, later(29))).status).toBe(200);

    expect((await withdraw('ABCD-2345-EFGH')).status).toBe(404);
    const bad = await withdraw('x!');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('receipt');
  });

  it('answers a quarantined ballot alike, and the province can no longer release it', async () => {
    const w = await freshWindow();
    // Sent one second after the form opened: too fast to have read it, quarantined on arrival.
    const fast = () =>
      aSubmission({
        answers: someAnswers({ q_overall: 1, q_attitude: 1 } as never),
        opened: openStamp(stack.qrKey, w.token, new Date(Date.now() - 1_000)),
        deviceId: randomUUID(),
      });
    const sent = [await send(w.token), await send(w.token, fast()), await send(w.token, fast())];
    const counted = await responsesCounted(w.servicePointId);
    expect(counted).toBe(1);
    const waiting = await queue();
    const quarantined = sent.find((x) => waiting.includes(`"responseId":"${x.responseId}"`))!;
    expect(quarantined).toBeDefined();
    const res = await withdraw(quarantined.receipt);
    expect(res.status).toBe(200);
    expect(Object.keys((await res.json()) as object).sort()).toEqual(['receipt', 'withdrawn', 'withdrawnAt']);
    expect(await responsesCounted(w.servicePointId)).toBe(counted);
    const release = await stack
      .as('province-admin')
      .post(`${V1}/integrity/quarantine/${quarantined.responseId}/release`, { note: '复核' });
    expect(release.status, JSON.stringify(release.body)).toBe(409);
    expect(await responsesCounted(w.servicePointId)).toBe(counted);
    expect(await queue()).not.toContain(`"responseId":"${quarantined.responseId}"`);
  });
});
