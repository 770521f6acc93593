/**
 * 一事一评 against DynamoDB Local: a business system asks for the ballot of one transaction
 * (办件编号, window, 事项); the same number always gets the same ballot (also under concurrent
 * calls); the ballot's QR code scans to its URL; a rating given with it records the transaction,
 * a bad one opens a case that names it, and the ratings appear per 事项 on the unit's and the
 * province's dashboards, and leave them again with an upheld appeal.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceDay } from '../../functions/domain/service-day';
import { defaultContactCipher } from '../../functions/handlers/contact-cipher';
import type { StreamPoller } from '../../local/stream-poller';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { aSubmission, openStamp, someAnswers } from '../fixtures/factories';
import { decodeQrPngBuffer } from '../fixtures/qr';
import { pointsByItem, recordTransactions } from '../fixtures/write-sets';
import { type CaseStream, responseItem, startCaseStream } from './case-stream';
import { countEntity } from './count';

const V1 = '/api/console/v1';
const UNIT = '130628001';

let stack: ConsoleStack;
let poller: StreamPoller;
let caseOpenedFor: CaseStream['caseOpenedFor'];
let key: string;
const sp = () => stack.forms.find((f) => f.servicePointId.startsWith(UNIT))!.servicePointId;

beforeAll(async () => {
  stack = await createConsoleStack();
  ({ poller, caseOpenedFor } = startCaseStream(stack, defaultContactCipher(stack.qrKey)));
  const res = await stack
    .as('county-admin')
    .post(`${V1}/units/${UNIT}/integration-keys`, { label: '办件系统' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  key = res.body.secret;
});
afterAll(() => poller?.stop());

interface Ballot {
  transactionNo: string;
  matter: string;
  ballot: string;
  url: string;
  expiresAt: string;
  qr: { png: string; svg: string };
  created: boolean;
}

async function issue(body: Record<string, unknown>, secret = key) {
  const res = await stack.app().request('/api/v1/integrations/transactions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify({ servicePointId: sp(), matter: '居民身份证换领', ...body }),
  });
  return {
    status: res.status,
    body: (await res.json()) as Ballot & { error?: { code: string; details?: unknown } },
  };
}

async function rate(b: Ballot, answers: Record<string, unknown>) {
  const url = new URL(b.url, 'https://pj.example.gov.cn');
  const res = await stack.app().request(`/api/v1/forms/${url.searchParams.get('t')}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(
      aSubmission({
        answers: someAnswers(answers as never),
        ballot: url.searchParams.get('b')!,
        opened: openStamp(stack.qrKey, url.searchParams.get('t')!, new Date(Date.now() - 90_000)),
      }),
    ),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { responseId: string };
}

describe('issuing the ballot of a transaction', () => {
  it('returns a one-time ballot whose QR code scans to its URL, and the same ballot for the same 办件编号', async () => {
    const no = `BJ${randomUUID().slice(0, 8)}`;
    const first = await issue({ transactionNo: no });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ transactionNo: no, matter: '居民身份证换领', created: true });
    expect(first.body.url).toContain(`&b=${first.body.ballot}`);
    const png = Buffer.from(first.body.qr.png.replace(/^data:image\/png;base64,/, ''), 'base64');
    expect(decodeQrPngBuffer(png)).toBe(first.body.url);
    expect(first.body.qr.svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);

    const again = await issue({ transactionNo: no });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      ballot: first.body.ballot,
      url: first.body.url,
      expiresAt: first.body.expiresAt,
      created: false,
    });
    const form = new URL(first.body.url, 'https://pj.example.gov.cn');
    const opened = await stack
      .app()
      .request(`/api/v1/forms/${form.searchParams.get('t')}?b=${form.searchParams.get('b')}`);
    expect(opened.status).toBe(200);
  });

  it('gives eight concurrent calls for one 办件编号 one ballot, stored once', async () => {
    const no = `CC${randomUUID().slice(0, 8)}`;
    const before = await countEntity(stack.db, stack.db.tables.responses, 'TransactionBallot');
    const all = await Promise.all(Array.from({ length: 8 }, () => issue({ transactionNo: no })));
    expect(new Set(all.map((r) => r.body.ballot)).size).toBe(1);
    expect(all.filter((r) => r.status === 201)).toHaveLength(1);
    expect(all.filter((r) => r.status === 200)).toHaveLength(7);
    expect(await countEntity(stack.db, stack.db.tables.responses, 'TransactionBallot')).toBe(before + 1);
  });

  it('refuses the same 办件编号 for another matter, a number without consent, and a foreign key', async () => {
    const no = `MM${randomUUID().slice(0, 8)}`;
    expect((await issue({ transactionNo: no })).status).toBe(201);
    const other = await issue({ transactionNo: no, matter: '户口迁移' });
    expect(other.status).toBe(409);
    expect(other.body.error?.code).toBe('TRANSACTION_MISMATCH');
    const noConsent = await issue({ transactionNo: `NC${randomUUID().slice(0, 8)}`, mobile: '13812345678' });
    expect(noConsent.status).toBe(400);
    expect(JSON.stringify(noConsent.body.error?.details)).toContain('mobile');
    const bad = await issue({ transactionNo: 'has space' });
    expect(bad.status).toBe(400);
    expect(
      (await issue({ transactionNo: `X${randomUUID().slice(0, 8)}` }, 'ik_not-a-real-key-at-all')).status,
    ).toBe(401);
  });
});

describe('rating through a transaction ballot', () => {
  it('records the 办件编号 on the response and names it on the bad review’s case; the ballot rates once', async () => {
    const no = `BAD${randomUUID().slice(0, 8)}`;
    const { body: b } = await issue({ transactionNo: no, matter: '机动车驾驶证补领' });
    const r = await rate(b, { q_overall: 1, q_attitude: 1 });
    const stored = await responseItem(stack, r.responseId);
    expect(stored.transaction).toMatchObject({ transactionNo: no, matter: '机动车驾驶证补领' });
    const c = await caseOpenedFor(r.responseId);
    expect(c.transaction).toEqual({ transactionNo: no, matter: '机动车驾驶证补领' });
    const page = await stack.as('unit-staff').get(`${V1}/cases/${c.id}`);
    expect(page.body.case.transaction).toEqual({ transactionNo: no, matter: '机动车驾驶证补领' });

    const url = new URL(b.url, 'https://pj.example.gov.cn');
    const second = await stack.app().request(`/api/v1/forms/${url.searchParams.get('t')}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(aSubmission({ ballot: url.searchParams.get('b')! })),
    });
    expect(second.status).toBe(409);
  });

  it('shows ratings per 事项 on the unit’s and the province’s dashboards, and an upheld appeal takes one out', async () => {
    const matter = `出入境证件办理${randomUUID().slice(0, 4)}`;
    const ballots = await Promise.all(
      [5, 4, 1].map(async (level) => {
        const { body } = await issue({ transactionNo: `D${randomUUID().slice(0, 10)}`, matter });
        return { body, level };
      }),
    );
    const responses = [];
    for (const { body, level } of ballots) responses.push(await rate(body, { q_overall: level }));
    const day = serviceDay(new Date());
    const matterOf = async (nodeId: string) => {
      const res = await stack
        .as('province-admin')
        .get(`${V1}/dashboard?nodeId=${nodeId}&from=${day}&to=${day}`);
      expect(res.status).toBe(200);
      return (res.body.matters as { matter: string; responses: number; satisfactionRate: number }[]).find(
        (m) => m.matter === matter,
      );
    };
    expect(await matterOf(UNIT)).toMatchObject({ responses: 3 });
    expect(await matterOf('130000')).toMatchObject({ responses: 3 });

    const c = await caseOpenedFor(responses[2]!.responseId);
    const filed = await stack.as('unit-staff').post(`${V1}/cases/${c.id}/appeal`, {
      reason: '恶意差评',
      evidence: [{ name: '录像', note: '当日无此业务' }],
      expectedVersion: 1,
    });
    expect(filed.status).toBe(201);
    const decided = await stack
      .as('province-admin')
      .post(`${V1}/appeals/${c.id}/decision`, { upheld: true, note: '查实恶意' });
    expect(decided.body.status).toBe('upheld');
    expect(await matterOf(UNIT)).toMatchObject({ responses: 2 });
  });
});

describe('write sets of transaction ballots', () => {
  it('keeps the 事项 aggregate per window and shard: two windows rating one matter share no item', async () => {
    const windows = stack.forms
      .map((f) => f.servicePointId)
      .filter((id, i, all) => id.startsWith(UNIT) && all.indexOf(id) === i)
      .slice(0, 2);
    expect(windows).toHaveLength(2);
    const matter = `同一事项${randomUUID().slice(0, 4)}`;
    const sets = recordTransactions(stack.db.client);
    for (const servicePointId of windows)
      for (let i = 0; i < 3; i++) {
        const { body } = await issue({
          transactionNo: `W${randomUUID().slice(0, 10)}`,
          servicePointId,
          matter,
        });
        await rate(body, { q_overall: 4 });
      }
    // A ballot that finds a quiet-limit cap is sent again (same response): count responses.
    const ballots = sets.filter((s) => s.servicePointId !== undefined);
    const responses = new Set(
      ballots.flatMap((s) => s.items.filter((i) => i.pk.startsWith('RESP#')).map((i) => i.pk)),
    );
    expect(responses.size).toBe(6);
    for (const s of ballots) {
      const matterItems = s.items.filter((i) => i.sk.startsWith('MAT#'));
      expect(matterItems).toHaveLength(1);
      expect(matterItems[0]!.sk).toContain(`#SP#${s.servicePointId}#S#${s.shard}`);
    }
    for (const [item, points] of pointsByItem(ballots)) expect(points.size, item).toBe(1);
  });
});
