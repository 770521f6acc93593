/**
 * SMS invitations against DynamoDB Local: a transaction ballot with a consented number schedules
 * one invitation after the province's delay, outside its quiet hours; the sender (local outbox
 * provider) sends it with the one-time link, at most one per number and day, never after a TD
 * reply; the number is stored only encrypted; only the province sets the timing.
 */

import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  InternalErrorException,
  InvalidParameterException,
  PublishCommand,
  SNSClient,
  ThrottledException,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReachRepository } from '../../functions/db/reach-repository';
import { LocalSmsOutbox } from '../../functions/db/sms-outbox';
import { SnsSmsSender } from '../../functions/db/sns-sms-sender';
import { secretHash } from '../../functions/domain/integrity/ballot-token';
import { MAX_SMS_ATTEMPTS, phoneKeyKey } from '../../functions/domain/reach/sms';
import { beijingInstant } from '../../functions/domain/service-day';
import { defaultContactCipher } from '../../functions/handlers/contact-cipher';
import { createSmsReplyHandler, createSmsSenderHandler } from '../../functions/handlers/reach-jobs';
import { receiveSmsReply, sendDueInvitations } from '../../functions/services/reach/invitations';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { silentLogger } from '../fixtures/public-stack';

const V1 = '/api/console/v1';
const UNIT = '130628001';
const DAY = '2026-12-07';

let stack: ConsoleStack;
let key: string;
let repo: ReachRepository;
let outbox: LocalSmsOutbox;
const at = (hhmm: string, day = DAY) => ({ now: () => beijingInstant(day, hhmm) });
const sp = () => stack.forms.find((f) => f.servicePointId.startsWith(UNIT))!.servicePointId;

beforeAll(async () => {
  stack = await createConsoleStack();
  repo = new ReachRepository(stack.db.client, stack.db.tables);
  outbox = new LocalSmsOutbox(stack.db.client, stack.db.tables.responses);
  key = (await stack.as('county-admin').post(`${V1}/units/${UNIT}/integration-keys`, { label: '办件系统' }))
    .body.secret;
});

async function issueAt(clock: { now: () => Date }, mobile: string) {
  const res = await stack.app({ clock }).request('/api/v1/integrations/transactions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({
      transactionNo: `S${randomUUID().slice(0, 10)}`,
      servicePointId: sp(),
      matter: '居住证签注',
      mobile,
      mobileConsent: true,
    }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const body = (await res.json()) as { ballot: string; url: string };
  return { ...body, hash: secretHash(body.ballot) };
}

const sendAt = (clock: { now: () => Date }) =>
  sendDueInvitations({
    store: repo,
    cipher: defaultContactCipher(stack.qrKey)!,
    clock,
    sender: new LocalSmsOutbox(stack.db.client, stack.db.tables.responses, clock.now),
  });

describe('who sets the timing', () => {
  it('lets only the province set the delay, quiet hours and push endpoint, audited', async () => {
    const body = { sms: { delayMinutes: 30, quietFrom: '21:00', quietTo: '08:00' }, push: {} };
    for (const user of ['unit-staff', 'county-admin', 'city-admin'])
      expect((await stack.as(user).put(`${V1}/provinces/130000/reach-settings`, body)).status, user).toBe(
        403,
      );
    const bad = await stack
      .as('province-admin')
      .put(`${V1}/provinces/130000/reach-settings`, { ...body, push: { endpoint: 'http://plain.example' } });
    expect(bad.status).toBe(400);
    const ok = await stack.as('province-admin').put(`${V1}/provinces/130000/reach-settings`, body);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const read = await stack.as('unit-staff').get(`${V1}/provinces/130000/reach-settings`);
    expect(read.body.sms).toEqual(body.sms);
  });
});

describe('sending invitations', () => {
  it('sends one invitation with the link after the delay, the number only encrypted at rest', async () => {
    const mobile = '13912340001';
    const b = await issueAt(at('10:00'), mobile);
    const scheduled = await repo.getInvitation(b.hash);
    expect(scheduled).toMatchObject({
      state: 'scheduled',
      dueAt: beijingInstant(DAY, '10:30').toISOString(),
    });
    expect(scheduled?.masked).toBe('139****0001');
    expect((await sendAt(at('10:20'))).sent).toBe(0);
    expect((await sendAt(at('10:31'))).sent).toBeGreaterThanOrEqual(1);
    expect(await repo.getInvitation(b.hash)).toMatchObject({ state: 'sent' });
    const msg = (await outbox.list()).find((m) => m.id === b.hash)!;
    expect(msg.text).toContain(b.url);
    expect(msg.text).toContain('回复TD退订');
    expect(msg.to).toBe('139****0001');
    expect((await sendAt(at('10:40'))).sent).toBe(0);
    const all = await stack.db.client.send(new ScanCommand({ TableName: stack.db.tables.responses }));
    expect(JSON.stringify(all.Items)).not.toContain(mobile);
  });

  it('sends at most one invitation per number and day', async () => {
    const mobile = '13912340002';
    const first = await issueAt(at('11:00'), mobile);
    const second = await issueAt(at('11:05'), mobile);
    await sendAt(at('11:40'));
    expect(await repo.getInvitation(first.hash)).toMatchObject({ state: 'sent' });
    expect(await repo.getInvitation(second.hash)).toMatchObject({ state: 'skipped', reason: 'daily-limit' });
  });

  it('waits out the quiet hours', async () => {
    const b = await issueAt(at('20:45'), '13912340003');
    expect((await repo.getInvitation(b.hash))?.dueAt).toBe(
      beijingInstant('2026-12-08', '08:00').toISOString(),
    );
    await sendAt(at('23:00'));
    expect(await repo.getInvitation(b.hash)).toMatchObject({ state: 'scheduled' });
    await sendAt(at('08:01', '2026-12-08'));
    expect(await repo.getInvitation(b.hash)).toMatchObject({ state: 'sent' });
  });

  it('sends nothing more to a number that replied TD', async () => {
    const mobile = '13912340004';
    const deps = { store: repo, phoneKey: phoneKeyKey(stack.qrKey), clock: at('12:00') };
    expect(await receiveSmsReply(deps, { from: mobile, body: '你好' })).toBe('ignored');
    expect(await receiveSmsReply(deps, { from: `+86${mobile}`, body: ' td ' })).toBe('opted-out');
    const b = await issueAt(at('12:00', '2026-12-09'), mobile);
    await sendAt(at('12:31', '2026-12-09'));
    expect(await repo.getInvitation(b.hash)).toMatchObject({ state: 'skipped', reason: 'opted-out' });
  });

  it('never sends twice when the sender dies between the provider and the store', async () => {
    const b = await issueAt(at('13:00', '2026-12-10'), '13912340005');
    const accepted: string[] = [];
    // The provider takes the message, then the run dies before it records it sent.
    const crashing = {
      send: async (m: { id: string }) => {
        accepted.push(m.id);
        throw new Error('sender process killed');
      },
    };
    const deps = {
      store: repo,
      cipher: defaultContactCipher(stack.qrKey)!,
      clock: at('13:31', '2026-12-10'),
      sender: crashing,
    };
    await expect(sendDueInvitations(deps)).rejects.toThrow('killed');
    expect(accepted).toEqual([b.hash]);
    expect(await repo.getInvitation(b.hash)).toMatchObject({ state: 'sending' });
    // Runs right after (and two runs at once) neither resend nor settle a fresh claim.
    const [r1, r2] = await Promise.all([
      sendAt(at('13:32', '2026-12-10')),
      sendAt(at('13:32', '2026-12-10')),
    ]);
    expect(r1.sent + r2.sent + r1.unknown + r2.unknown).toBe(0);
    expect(await repo.getInvitation(b.hash)).toMatchObject({ state: 'sending' });
    // Once the claim is stale it is marked unknown, not resent.
    const later = await sendAt(at('13:50', '2026-12-10'));
    expect(later.unknown).toBeGreaterThanOrEqual(1);
    expect(await repo.getInvitation(b.hash)).toMatchObject({ state: 'unknown', reason: 'sender-lost' });
    expect((await outbox.list()).filter((m) => m.id === b.hash)).toHaveLength(0);
    expect((await sendAt(at('14:30', '2026-12-10'))).sent).toBe(0);
  });

  describe('when SNS refuses (faults injected into the SNS client only; the store is DynamoDB Local)', () => {
    const publishedTo = (sns: ReturnType<typeof mockClient>, mobile: string) =>
      sns.commandCalls(PublishCommand).filter((c) => c.args[0].input.PhoneNumber === `+86${mobile}`).length;
    const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode }, message: 'injected' });
    const snsRun = (client: SNSClient, clock: { now: () => Date }) =>
      sendDueInvitations({
        store: repo,
        cipher: defaultContactCipher(stack.qrKey)!,
        clock,
        sender: new SnsSmsSender(client),
      });

    it('sends again after a backoff when SNS throttles, once it accepts; never twice', async () => {
      const sns = mockClient(SNSClient);
      sns
        .on(PublishCommand)
        .rejectsOnce(new ThrottledException(meta(400)))
        .rejectsOnce(new ThrottledException(meta(400)))
        .resolves({ MessageId: 'sns-1' });
      const b = await issueAt(at('10:00', '2026-12-14'), '13912340021');
      const first = await snsRun(new SNSClient({}), at('10:31', '2026-12-14'));
      expect(first).toMatchObject({ sent: 0, retried: 1 });
      const waiting = await repo.getInvitation(b.hash);
      expect(waiting).toMatchObject({ state: 'scheduled', attempts: 1 });
      expect(Date.parse(waiting!.dueAt)).toBeGreaterThan(beijingInstant('2026-12-14', '10:31').getTime());
      // Not due again within the same minute.
      expect((await snsRun(new SNSClient({}), at('10:31', '2026-12-14'))).retried).toBe(0);
      expect(await snsRun(new SNSClient({}), at('10:35', '2026-12-14'))).toMatchObject({
        sent: 0,
        retried: 1,
      });
      expect(await snsRun(new SNSClient({}), at('10:50', '2026-12-14'))).toMatchObject({ sent: 1 });
      expect(await repo.getInvitation(b.hash)).toMatchObject({ state: 'sent', providerMessageId: 'sns-1' });
      expect((await snsRun(new SNSClient({}), at('11:30', '2026-12-14'))).sent).toBe(0);
      expect(publishedTo(sns, '13912340021')).toBe(3);
      sns.restore();
    });

    it('gives up after MAX_SMS_ATTEMPTS throttles, and at once on an invalid number', async () => {
      const sns = mockClient(SNSClient);
      sns.on(PublishCommand).rejects(new ThrottledException(meta(400)));
      const busy = await issueAt(at('10:00', '2026-12-15'), '13912340022');
      // Each run an hour later: past any backoff (at most 30 min), outside the quiet hours.
      for (let i = 0; i < MAX_SMS_ATTEMPTS; i++)
        await snsRun(new SNSClient({}), at(`1${i}:31`, '2026-12-15'));
      expect(await repo.getInvitation(busy.hash)).toMatchObject({
        state: 'failed',
        reason: 'provider-busy',
        providerCode: 'ThrottledException',
        attempts: MAX_SMS_ATTEMPTS - 1,
      });
      expect(publishedTo(sns, '13912340022')).toBe(MAX_SMS_ATTEMPTS);
      await snsRun(new SNSClient({}), at('16:31', '2026-12-15'));
      expect(publishedTo(sns, '13912340022')).toBe(MAX_SMS_ATTEMPTS);
      sns.reset();
      sns.on(PublishCommand).rejects(new InvalidParameterException(meta(400)));
      const bad = await issueAt(at('10:00', '2026-12-16'), '13912340023');
      expect(await snsRun(new SNSClient({}), at('10:31', '2026-12-16'))).toMatchObject({
        failed: 1,
        retried: 0,
      });
      expect(await repo.getInvitation(bad.hash)).toMatchObject({
        state: 'failed',
        reason: 'provider-rejected',
        providerCode: 'InvalidParameterException',
      });
      await snsRun(new SNSClient({}), at('12:00', '2026-12-16'));
      expect(publishedTo(sns, '13912340023')).toBe(1);
      sns.restore();
    });

    it('never resends after a server error: SNS may have sent it', async () => {
      const sns = mockClient(SNSClient);
      sns.on(PublishCommand).rejects(new InternalErrorException(meta(500)));
      const b = await issueAt(at('10:00', '2026-12-17'), '13912340024');
      await expect(snsRun(new SNSClient({}), at('10:31', '2026-12-17'))).rejects.toThrow();
      expect(await repo.getInvitation(b.hash)).toMatchObject({ state: 'sending' });
      expect(await snsRun(new SNSClient({}), at('10:50', '2026-12-17'))).toMatchObject({
        unknown: 1,
        sent: 0,
      });
      expect(await repo.getInvitation(b.hash)).toMatchObject({ state: 'unknown' });
      await snsRun(new SNSClient({}), at('12:00', '2026-12-17'));
      expect(publishedTo(sns, '13912340024')).toBe(1);
      sns.restore();
    });
  });

  it('lets only one of two concurrent runs send an invitation', async () => {
    const b = await issueAt(at('15:00', '2026-12-10'), '13912340006');
    const [r1, r2] = await Promise.all([
      sendAt(at('15:31', '2026-12-10')),
      sendAt(at('15:31', '2026-12-10')),
    ]);
    expect(r1.sent + r2.sent).toBe(1);
    expect((await outbox.list()).filter((m) => m.id === b.hash)).toHaveLength(1);
  });

  it('runs as the scheduled Lambda handler, and a TD reply through the inbound SMS topic opts out', async () => {
    const mobile = '13912340007';
    const onReply = createSmsReplyHandler(
      async () => ({ store: repo, phoneKey: phoneKeyKey(stack.qrKey), clock: at('09:00', '2026-12-11') }),
      silentLogger(),
    );
    const inbound = (body: unknown) => ({ Sns: { MessageId: 'm1', Message: JSON.stringify(body) } });
    const r = await onReply(
      {
        Records: [
          { Sns: { MessageId: 'm0', Message: 'not json' } },
          inbound({ originationNumber: '+8613912340008', messageBody: '谢谢' }),
          inbound({ originationNumber: `+86${mobile}`, destinationNumber: '+861065', messageBody: 'TD' }),
        ],
      },
      {} as never,
    );
    expect(r).toEqual({ optedOut: 1 });
    const opted = await issueAt(at('09:00', '2026-12-12'), mobile);
    const other = await issueAt(at('09:00', '2026-12-12'), '13912340008');
    const sender = createSmsSenderHandler(
      {
        store: repo,
        cipher: defaultContactCipher(stack.qrKey)!,
        clock: at('09:31', '2026-12-12'),
        sender: new LocalSmsOutbox(stack.db.client, stack.db.tables.responses),
      },
      silentLogger(),
    );
    const report = await sender({}, {} as never);
    expect(report.sent).toBeGreaterThanOrEqual(1);
    expect(await repo.getInvitation(opted.hash)).toMatchObject({ state: 'skipped', reason: 'opted-out' });
    expect(await repo.getInvitation(other.hash)).toMatchObject({ state: 'sent' });
  });

  it('has no outbox in the console where none is wired (a deployment)', async () => {
    expect((await stack.as('province-admin').get(`${V1}/sms/outbox`)).status).toBe(404);
  });
});
