/**
 * Follow-up cases end to end on DynamoDB Local: a bad review on the citizen form opens a case
 * through the table's stream (polled as Lambda would receive it), staff handle it through the
 * console API, the citizen tracks it by receipt; appeals, hand-overs, visits and metrics.
 */

import { randomUUID } from 'node:crypto';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRepository } from '../../functions/db/case-repository';
import { toItem } from '../../functions/db/item';
import { caseKeys } from '../../functions/db/keys/cases';
import { responseKeys } from '../../functions/db/keys/responses';
import { caseIdForResponse } from '../../functions/domain/cases/model';
import { serviceDay } from '../../functions/domain/service-day';
import { createCaseStreamHandler } from '../../functions/handlers/case-stream-handler';
import { caseServices } from '../../functions/handlers/case-wiring';
import { defaultContactCipher } from '../../functions/handlers/contact-cipher';
import { DEFAULT_CASE_SETTINGS } from '../../functions/services/cases/ports';
import type { StreamPoller } from '../../local/stream-poller';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { aSubmission, openStamp, someAnswers } from '../fixtures/factories';
import { silentLogger } from '../fixtures/public-stack';
import { type CaseStream, responseItem, startCaseStream } from './case-stream';
import { todaysAggregate } from './count';

const V1 = '/api/console/v1';
let stack: ConsoleStack;
let poller: StreamPoller;
let repo: CaseRepository;
let caseOpenedFor: CaseStream['caseOpenedFor'];

beforeAll(async () => {
  stack = await createConsoleStack();
  ({ poller, repo, caseOpenedFor } = startCaseStream(stack, defaultContactCipher(stack.qrKey)));
});
afterAll(() => poller?.stop());

const form = () => stack.forms.find((f) => f.servicePointId.startsWith('130628001'))!;

async function submit(answers: Record<string, unknown>, contact?: { phone: string; consentVersion: string }) {
  const res = await stack.app().request(`/api/v1/forms/${form().token}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(
      aSubmission({ answers: someAnswers(answers as never), ...(contact ? { contact } : {}) }),
    ),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { responseId: string; receipt: string };
}

const act = (user: string, id: string, body: Record<string, unknown>) =>
  stack.as(user).post(`${V1}/cases/${id}/actions`, body);

describe('opening cases from bad reviews', () => {
  it('opens a case for a bad review, moves the phone into it and shows it masked', async () => {
    const r = await submit({ q_attitude: 1 }, { phone: '13812345678', consentVersion: 'c2026-1' });
    const c = await caseOpenedFor(r.responseId);
    expect(c).toMatchObject({ status: 'new', unitId: '130628001', hasContact: true, receipt: r.receipt });
    const response = await responseItem(stack, r.responseId);
    expect(response.contactCipher).toBeUndefined();
    expect(response.contactMovedTo).toBe(c.id);
    const page = await stack.as('unit-staff').get(`${V1}/cases/${c.id}`);
    expect(page.status).toBe(200);
    expect(page.body.contact).toEqual({ masked: '138****5678', consentVersion: 'c2026-1' });
    expect(JSON.stringify(page.body)).not.toContain('13812345678');
    expect(page.body.allowedActions).toEqual(['accept']);
  });

  it('opens one case however often the stream delivers the record', async () => {
    const r = await submit({ q_suggestion: '民警推诿，不作为' });
    await caseOpenedFor(r.responseId);
    const deps = caseServices({
      client: stack.db.client,
      tables: stack.db.tables,
      settings: DEFAULT_CASE_SETTINGS,
    });
    const again = createCaseStreamHandler(deps, silentLogger());
    const image = toItem({ ...(await responseItem(stack, r.responseId)) });
    const record = { eventName: 'INSERT', dynamodb: { NewImage: image } };
    await again({ Records: [record, record] } as never, {} as never);
    const timeline = (await repo.detail(caseIdForResponse(r.responseId)))!.events;
    expect(timeline.filter((e) => e.type === 'open')).toHaveLength(1);
  });

  it('opens no case for a good review and drops its phone', async () => {
    const r = await submit({}, { phone: '13912345678', consentVersion: 'c2026-1' });
    await poller.pollOnce();
    await poller.pollOnce();
    expect(await repo.get(caseIdForResponse(r.responseId))).toBeUndefined();
    expect((await responseItem(stack, r.responseId)).contactCipher).toBeUndefined();
  });
});

describe('handling a case through the console', () => {
  it('goes new → accepted → in progress → resolved → 不满意 reopens → resolved → called back → closed', async () => {
    const r = await submit({ q_overall: 2 }, { phone: '13712345678', consentVersion: 'c2026-1' });
    const { id } = await caseOpenedFor(r.responseId);
    const inbox = await stack.as('county-admin').get(`${V1}/cases?status=new&nodeId=130628`);
    expect(inbox.body.items.map((c: { id: string }) => c.id)).toContain(id);

    expect((await act('unit-staff', id, { type: 'accept', expectedVersion: 1 })).status).toBe(200);
    // A second officer working from a stale page is stopped, not overwritten.
    expect((await act('county-admin', id, { type: 'start', expectedVersion: 1 })).body.error.code).toBe(
      'VERSION_CONFLICT',
    );
    expect((await act('unit-staff', id, { type: 'close', expectedVersion: 2 })).body.error.code).toBe(
      'INVALID_TRANSITION',
    );
    await act('unit-staff', id, { type: 'start', expectedVersion: 2 });
    await act('unit-staff', id, {
      type: 'resolve',
      category: 'fixed_now',
      note: '已当面致歉',
      expectedVersion: 3,
    });
    const reopened = await act('unit-staff', id, {
      type: 'callback',
      rating: 'dissatisfied',
      expectedVersion: 4,
    });
    expect(reopened.body).toMatchObject({ status: 'in_progress', reopenCount: 1 });
    await act('unit-staff', id, {
      type: 'resolve',
      category: 'explained',
      note: '解释政策',
      expectedVersion: 5,
    });
    await act('unit-staff', id, { type: 'callback', rating: 'basically_satisfied', expectedVersion: 6 });

    const reveal = await stack.as('unit-staff').post(`${V1}/cases/${id}/contact/reveal`);
    expect(reveal.body).toEqual({ phone: '13712345678', masked: '137****5678' });
    expect((await stack.as('county-admin').post(`${V1}/cases/${id}/contact/reveal`)).status).toBe(403);

    const closed = await act('unit-staff', id, { type: 'close', expectedVersion: 7 });
    expect(closed.body.status).toBe('closed');
    const detail = (await repo.detail(id))!;
    expect(detail.events.map((e) => e.type)).toEqual([
      'open',
      'accept',
      'start',
      'resolve',
      'callback',
      'resolve',
      'callback',
      'close',
    ]);
    expect(detail.events.every((e) => e.actor.userId && e.at)).toBe(true);
    // Deleted at close + retention by TTL, and treated as gone once that time has passed.
    expect(detail.contact?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 29 * 86_400);
    const later = stack.console({ clock: { now: () => new Date(Date.now() + 31 * 86_400_000) } });
    const laterReveal = await later.request(`${V1}/cases/${id}/contact/reveal`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await stack.token('unit-staff')}` },
    });
    expect(laterReveal.status).toBe(404);

    const tracked = await stack.app().request(`/api/v1/receipts/${r.receipt.toLowerCase()}`);
    const status = await tracked.json();
    expect(status).toMatchObject({ followUp: true, case: { status: 'closed', closed: true } });
    expect(JSON.stringify(status)).not.toMatch(/1[3-9]\d{9}|刘洋|130628001|解释政策/);
  });

  it('records every reveal of a phone in the audit trail', async () => {
    const r = await submit({ q_overall: 1 }, { phone: '13612345678', consentVersion: 'c2026-1' });
    const { id } = await caseOpenedFor(r.responseId);
    await act('unit-staff', id, { type: 'accept', expectedVersion: 1 });
    await stack.as('unit-staff').post(`${V1}/cases/${id}/contact/reveal`);
    // The audit trail is filed by Beijing service day (after 16:00 UTC that is tomorrow's UTC date).
    const day = serviceDay(new Date());
    const audit = await stack.as('county-admin').get(`${V1}/audit?from=${day}&to=${day}`);
    const entries = audit.body.entries as { action: string; targetId: string }[];
    expect(entries.some((e) => e.action === 'case.contact.reveal' && e.targetId === id)).toBe(true);
    expect(JSON.stringify(audit.body)).not.toContain('13612345678');
  });

  it('answers 404 for an unknown receipt', async () => {
    expect((await stack.app().request('/api/v1/receipts/AAAA-BBBB-CCCC')).status).toBe(404);
  });
});

describe('hand-overs between organisations', () => {
  it('needs the receiving unit to acknowledge; the originating unit keeps seeing the case', async () => {
    const r = await submit({ q_efficiency: 1 });
    const { id } = await caseOpenedFor(r.responseId);
    await act('unit-staff', id, { type: 'accept', expectedVersion: 1 });
    await act('unit-staff', id, {
      type: 'transfer',
      orgId: '130628003',
      expectedVersion: 2,
      note: '交警业务',
    });
    // 城关派出所 staff cannot acknowledge for 交警中队; the county can (it covers both).
    expect((await act('unit-staff', id, { type: 'acknowledge_transfer', expectedVersion: 3 })).status).toBe(
      404,
    );
    const ack = await act('county-admin', id, { type: 'acknowledge_transfer', expectedVersion: 3 });
    expect(ack.body).toMatchObject({ status: 'in_progress', handlerOrgId: '130628003', unitId: '130628001' });
    const seen = await stack.as('unit-staff').get(`${V1}/cases/${id}`);
    expect(seen.status).toBe(200);
    // The inbox names the originating unit and the handler, not their codes alone.
    const inbox = await stack.as('county-admin').get(`${V1}/cases?nodeId=130628`);
    expect(inbox.body.items.find((c: { id: string }) => c.id === id)).toMatchObject({
      unitName: { 'zh-CN': '高阳县公安局城关派出所' },
      handlerOrgName: { 'zh-CN': '高阳县公安局交警大队城区中队' },
    });
    // …but it is no longer theirs to act on.
    expect(
      (await act('unit-staff', id, { type: 'resolve', category: 'explained', note: 'x', expectedVersion: 4 }))
        .status,
    ).toBe(404);
  });
});

describe('appeals', () => {
  it('a unit appeals, the province upholds, the review leaves the scores and nothing is deleted', async () => {
    const r = await submit({ q_overall: 1, q_safety: 1 });
    const { id } = await caseOpenedFor(r.responseId);
    const before = await todaysAggregate(stack.db, '130628001');
    const filed = await stack.as('unit-staff').post(`${V1}/cases/${id}/appeal`, {
      reason: '同一人多次恶意差评',
      evidence: [{ name: '监控截图', note: '当日无此业务' }],
      expectedVersion: 1,
    });
    expect(filed.status).toBe(201);
    expect(
      (await stack.as('unit-staff').post(`${V1}/appeals/${id}/decision`, { upheld: true, note: 'x' })).status,
    ).toBe(403);
    expect(
      (await stack.as('county-admin').post(`${V1}/appeals/${id}/decision`, { upheld: true, note: 'x' }))
        .status,
    ).toBe(403);
    const decided = await stack
      .as('province-admin')
      .post(`${V1}/appeals/${id}/decision`, { upheld: true, note: '查实恶意' });
    expect(decided.body.status).toBe('upheld');
    const after = await todaysAggregate(stack.db, '130628001');
    expect(after.responses).toBe(before.responses - 1);
    expect(after.level('q_overall', 1)).toBe(before.level('q_overall', 1) - 1);
    const response = await responseItem(stack, r.responseId);
    expect(response.excludedFromScores).toMatchObject({ by: 'appeal', caseId: id });
    expect(response.answers.q_overall).toBe(1);
    const list = await stack.as('province-admin').get(`${V1}/appeals`);
    expect(list.body.items.find((a: { caseId: string }) => a.caseId === id).status).toBe('upheld');
    const metrics = await stack.as('county-admin').get(`${V1}/cases/metrics?nodeId=130628001`);
    expect(metrics.body.appealsUpheld).toBeGreaterThanOrEqual(1);
  });
});

describe('appeals only on counted ballots', () => {
  // Another window of the same unit: the ballots above have built a burst at the first one.
  const quietForm = () => stack.forms.filter((f) => f.servicePointId.startsWith('130628001')).at(-1)!;
  const submitQuiet = async (startedAt = new Date(Date.now() - 90_000)) => {
    const res = await stack.app().request(`/api/v1/forms/${quietForm().token}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        aSubmission({
          answers: someAnswers({ q_overall: 1, q_attitude: 1 } as never),
          deviceId: randomUUID(),
          opened: openStamp(stack.qrKey, quietForm().token, startedAt),
        }),
      ),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as { responseId: string };
  };
  const takeOut = (responseId: string) =>
    stack.db.client.send(
      new UpdateItemCommand({
        TableName: stack.db.tables.responses,
        Key: toItem(responseKeys.response(responseId)),
        UpdateExpression: 'SET excludedFromScores = :x',
        ExpressionAttributeValues: toItem({
          ':x': { by: 'integrity', reason: 'burst', at: new Date().toISOString() },
        }),
      }),
    );

  it('opens no case for a ballot quarantined on arrival, and leaves the aggregates alone', async () => {
    const before = await todaysAggregate(stack.db, '130628001');
    const { responseId } = await submitQuiet(new Date(Date.now() - 1_000));
    expect((await responseItem(stack, responseId)).integrity.quarantined).toBe(true);
    await poller.pollOnce();
    await poller.pollOnce();
    expect(await repo.get(caseIdForResponse(responseId))).toBeUndefined();
    const listed = await stack.as('unit-staff').get(`${V1}/cases`);
    expect(JSON.stringify(listed.body)).not.toContain(responseId);
    expect((await todaysAggregate(stack.db, '130628001')).responses).toBe(before.responses);
  });

  it('refuses an appeal of a ballot that is no longer counted', async () => {
    const r = await submitQuiet();
    const { id } = await caseOpenedFor(r.responseId);
    await takeOut(r.responseId);
    const filed = await stack.as('unit-staff').post(`${V1}/cases/${id}/appeal`, {
      reason: '恶意差评',
      evidence: [{ name: '监控截图' }],
      expectedVersion: 1,
    });
    expect(filed.status).toBe(409);
    expect(filed.body.error.code).toBe('APPEAL_NOT_COUNTED');
  });

  it('an upheld appeal never subtracts a ballot taken out after the appeal was filed', async () => {
    const r = await submitQuiet();
    const { id } = await caseOpenedFor(r.responseId);
    const filed = await stack.as('unit-staff').post(`${V1}/cases/${id}/appeal`, {
      reason: '恶意差评',
      evidence: [{ name: '监控截图' }],
      expectedVersion: 1,
    });
    expect(filed.status).toBe(201);
    await takeOut(r.responseId);
    const before = await todaysAggregate(stack.db, '130628001');
    const decided = await stack
      .as('province-admin')
      .post(`${V1}/appeals/${id}/decision`, { upheld: true, note: '查实恶意' });
    expect(decided.body.status).toBe('upheld');
    const after = await todaysAggregate(stack.db, '130628001');
    expect(after.responses).toBe(before.responses);
    expect(after.level('q_overall', 1)).toBe(before.level('q_overall', 1));
    expect((await responseItem(stack, r.responseId)).excludedFromScores).toMatchObject({ by: 'integrity' });
  });
});

describe('visits and metrics', () => {
  it('records a visit, opens a case from it, and lists the case on the visit', async () => {
    const visit = await stack.as('unit-staff').post(`${V1}/visits`, {
      unitId: '130628001',
      date: '2026-11-20',
      partyType: 'school',
      partyName: '高阳县第一中学',
      staff: ['刘洋', '张伟'],
    });
    expect(visit.status).toBe(201);
    const opened = await stack.as('unit-staff').post(`${V1}/cases`, {
      unitId: '130628001',
      source: 'visit',
      visitId: visit.body.id,
      visitedParty: '学校保卫处',
      problem: '放学时段校门口交通拥堵，需交警协助',
      neededDepartment: '交警中队',
    });
    expect(opened.status).toBe(201);
    const report = await stack.as('county-admin').get(`${V1}/visits/${visit.body.id}`);
    expect(report.body).toMatchObject({
      caseIds: [opened.body.id],
      issuesRaised: ['放学时段校门口交通拥堵，需交警协助'],
    });
    const list = await stack
      .as('unit-staff')
      .get(`${V1}/visits?unitId=130628001&from=2026-11-01&to=2026-11-30`);
    expect(list.body.items.map((v: { id: string }) => v.id)).toContain(visit.body.id);
  });

  it('counts opened cases per subtree', async () => {
    const m = await stack.as('city-admin').get(`${V1}/cases/metrics?nodeId=130600`);
    expect(m.status).toBe(200);
    expect(m.body.opened).toBeGreaterThanOrEqual(5);
    const elsewhere = await stack.as('province-admin').get(`${V1}/cases/metrics?nodeId=130102`);
    expect(elsewhere.body.opened).toBe(0);
  });

  it('keeps case keys in the case partition', () => {
    expect(caseKeys.event('x', 2, 0).pk).toBe(caseKeys.case('x').pk);
  });
});
