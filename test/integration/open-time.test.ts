/**
 * The form-open time through the public app: the form's GET serves a signed stamp, the submission
 * sends it back, and only that time feeds the speed signals; a forged stamp is refused naming the
 * field, a missing one leaves the speed unknown (flagged), whatever `startedAt` the body states.
 */
import { randomUUID } from 'node:crypto';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromItem, toItem } from '../../functions/db/item';
import { responseKeys } from '../../functions/db/keys/responses';
import type { IntegrityVerdict } from '../../functions/domain/integrity/signals';
import { simClock } from '../../scripts/stuffing-simulator';
import { aSubmission, openStamp } from '../fixtures/factories';
import { createPublicStack, type PublicStack } from '../fixtures/public-stack';

let stack: PublicStack;
const clock = simClock(new Date('2026-11-17T02:00:00Z'));

beforeAll(async () => {
  stack = await createPublicStack();
});

const app = () => stack.app({ clock });

async function open(token: string, at: Date): Promise<string> {
  clock.set(at);
  const res = await app().request(`/api/v1/forms/${token}`);
  expect(res.status).toBe(200);
  const { opened } = (await res.json()) as { opened?: string };
  expect(opened).toMatch(/^O[A-Za-z0-9_-]{22}$/);
  return opened!;
}

async function submit(token: string, at: Date, body: Record<string, unknown>) {
  clock.set(at);
  return app().request(`/api/v1/forms/${token}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aSubmission({ deviceId: `phone-${randomUUID()}`, ...body })),
  });
}

async function verdictOf(res: Response): Promise<IntegrityVerdict> {
  expect(res.status, await res.clone().text()).toBe(201);
  const { responseId } = (await res.json()) as { responseId: string };
  const out = await stack.db.client.send(
    new GetItemCommand({
      TableName: stack.db.tables.responses,
      Key: toItem(responseKeys.response(responseId)),
    }),
  );
  return fromItem<{ integrity: IntegrityVerdict }>(out.Item!).integrity;
}

const at = (minutes: number, seconds = 0) =>
  new Date(Date.parse('2026-11-17T02:00:00Z') + minutes * 60_000 + seconds * 1000);

describe('server-signed form-open time', () => {
  it('quarantines a ballot sent seconds after its form was served, whatever startedAt says', async () => {
    const token = stack.forms[0]!.token;
    const opened = await open(token, at(0));
    const res = await submit(token, at(0, 3), { opened, startedAt: at(-10).toISOString() });
    const verdict = await verdictOf(res);
    expect(verdict.flags).toContain('tooFast');
    expect(verdict.quarantined).toBe(true);
  });

  it('counts a ballot answered at a human pace', async () => {
    const token = stack.forms[1]!.token;
    const opened = await open(token, at(5));
    const verdict = await verdictOf(await submit(token, at(6, 30), { opened }));
    expect(verdict.flags).toEqual([]);
    expect(verdict.quarantined).toBe(false);
  });

  it('keeps the first open time for a ballot delivered later from the offline queue', async () => {
    const token = stack.forms[2]!.token;
    const opened = await open(token, at(10));
    // The phone loses the network, reloads the form an hour later (a new stamp), and the queued
    // body, with its original stamp, goes out: slow, never fast.
    await open(token, at(70));
    const verdict = await verdictOf(await submit(token, at(70, 2), { opened }));
    expect(verdict.flags).not.toContain('tooFast');
    expect(verdict.quarantined).toBe(false);
  });

  it('refuses a forged stamp and one served for another window, naming the field in Chinese', async () => {
    const token = stack.forms[3]!.token;
    const other = await open(stack.forms[4]!.token, at(20));
    const forged = openStamp(Buffer.alloc(32, 7), token, at(15));
    for (const opened of [other, forged]) {
      const res = await submit(token, at(22), { opened });
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as {
        error: { details: { field: string; message: string }[] };
      };
      expect(error.details[0]).toMatchObject({ field: 'opened' });
      expect(error.details[0]!.message).toMatch(/问卷打开凭证/);
    }
  });

  it('treats a missing or day-old stamp as unknown speed: flagged, never trusted', async () => {
    const token = stack.forms[5]!.token;
    const missing = await verdictOf(await submit(token, at(30), { startedAt: at(20).toISOString() }));
    expect(missing.flags).toContain('openTimeUnknown');
    const stale = openStamp(stack.qrKey, token, new Date(at(31).getTime() - 25 * 3600_000));
    const old = await verdictOf(await submit(token, at(31), { opened: stale }));
    expect(old.flags).toContain('openTimeUnknown');
    // Weak alone; with straight-lined answers from a phone without a device id it quarantines.
    expect(missing.quarantined).toBe(false);
    const straight = { q_overall: 5, q_attitude: 5, q_efficiency: 5, q_transparency: 5, q_safety: 5 };
    const weak = await verdictOf(await submit(token, at(32), { answers: straight, deviceId: undefined }));
    expect(weak.flags).toEqual(['noDevice', 'openTimeUnknown', 'straightLining']);
    expect(weak.quarantined).toBe(true);
  });
});
