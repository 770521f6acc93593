/**
 * A visit's own QR code end to end on DynamoDB Local (开门评警走访评议): staff record a
 * visit and give it a code; questionnaires handed out during the visit come back tagged with it;
 * a bad review among them opens a case through the table's stream; the visit record shows what
 * came back, the issues raised and the cases opened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceDay } from '../../functions/domain/service-day';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { aSubmission, someAnswers } from '../fixtures/factories';
import { decodeQrPngBuffer } from '../fixtures/qr';
import { type CaseStream, responseItem, startCaseStream } from './case-stream';

const V1 = '/api/console/v1';
const DAY_MS = 86_400_000;
let stack: ConsoleStack;
let stream: CaseStream;

beforeAll(async () => {
  stack = await createConsoleStack();
  stream = startCaseStream(stack);
}, 60_000);
afterAll(() => stream?.poller.stop());

/** Records a visit of 城关派出所 on `date` (today in Beijing by default) and returns its id. */
async function recordVisit(date = serviceDay(new Date())): Promise<string> {
  const res = await stack.as('unit-staff').post(`${V1}/visits`, {
    unitId: '130628001',
    date,
    partyType: 'school',
    partyName: '高阳县第二中学',
    staff: ['刘洋', '张伟'],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

const issueQr = (visitId: string, body: Record<string, unknown> = {}) =>
  stack.as('unit-staff').post(`${V1}/visits/${visitId}/qr`, { questionnaireId: 'window-service', ...body });

const tokenOf = (url: string) => new URL(url).searchParams.get('t')!;

const send = (token: string, body: unknown, app = stack.app()) =>
  app.request(`/api/v1/forms/${token}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('questionnaires handed out during a visit', () => {
  it('counts 3 ballots through the visit code (one of them retried) and links the case of the bad one', async () => {
    const visitId = await recordVisit();
    const issued = await issueQr(visitId);
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect(issued.body).toMatchObject({ status: 'active', servicePointId: '130628001-01' });
    const token = tokenOf(issued.body.url);

    const good = aSubmission();
    const first = await send(token, good);
    expect(first.status).toBe(201);
    // The phone's network retried: same submission id, same answers.
    const retried = await send(token, good);
    expect(retried.status).toBe(201);
    expect((await retried.json()).responseId).toBe((await first.json()).responseId);
    expect((await send(token, aSubmission({ answers: someAnswers({ q_safety: 4 }) }))).status).toBe(201);
    const bad = await send(
      token,
      aSubmission({ answers: someAnswers({ q_attitude: 1, q_suggestion: '门口停车乱，请回电13812345678' }) }),
    );
    expect(bad.status).toBe(201);
    const { responseId } = await bad.json();
    expect((await responseItem(stack, responseId)).visitId).toBe(visitId);

    const opened = await stream.caseOpenedFor(responseId);
    expect(opened.visitId).toBe(visitId);

    const report = await stack.as('county-admin').get(`${V1}/visits/${visitId}`);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      questionnairesReturned: 3,
      caseIds: [opened.id],
      qr: { status: 'active', tokenId: issued.body.tokenId },
    });
    expect(report.body.cases).toEqual([
      expect.objectContaining({ id: opened.id, status: 'new', source: 'response' }),
    ]);
    const [issue] = report.body.issuesRaised;
    expect(issue).toContain('非常不满意');
    expect(issue).toContain('门口停车乱');
    expect(JSON.stringify(report.body)).not.toContain('13812345678');
  });

  it('draws the visit code as PNG and SVG, encoding the same form URL', async () => {
    const visitId = await recordVisit();
    const { body } = await issueQr(visitId);
    const png = await stack.as('auditor').get(`${V1}/visits/${visitId}/qr.png`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(decodeQrPngBuffer(Buffer.from(await png.raw.arrayBuffer()))).toBe(body.url);
    const svg = await stack.as('unit-staff').get(`${V1}/visits/${visitId}/qr.svg`);
    expect(svg.headers.get('content-type')).toContain('image/svg+xml');
    expect(String(svg.body)).toContain('<svg');
  });

  it('keeps one live code per visit, stops a revoked one at once, and issues a new one after', async () => {
    const visitId = await recordVisit();
    const first = await issueQr(visitId);
    expect((await issueQr(visitId)).body.error.code).toBe('VISIT_QR_EXISTS');
    const revoked = await stack.as('unit-staff').post(`${V1}/visits/${visitId}/qr/revoke`);
    expect(revoked.body.status).toBe('revoked');
    expect((await send(tokenOf(first.body.url), aSubmission())).status).toBe(410);
    expect((await stack.as('unit-staff').get(`${V1}/visits/${visitId}/qr.png`)).status).toBe(409);
    const again = await issueQr(visitId);
    expect(again.status).toBe(201);
    expect(again.body.tokenId).not.toBe(first.body.tokenId);
    expect((await stack.as('unit-staff').get(`${V1}/visits/${visitId}`)).body.qr).toMatchObject({
      tokenId: again.body.tokenId,
      status: 'active',
    });
  });

  it('refuses the code once the visit window is over, at the form and at submission', async () => {
    const visitId = await recordVisit();
    const { body } = await issueQr(visitId, { validDays: 1 });
    const token = tokenOf(body.url);
    const later = { now: () => new Date(Date.now() + 3 * DAY_MS) };
    const app = stack.app({ clock: later });
    expect((await app.request(`/api/v1/forms/${token}`)).status).toBe(410);
    expect((await send(token, aSubmission(), app)).status).toBe(410);
    // Today the same code still works.
    expect((await send(token, aSubmission())).status).toBe(201);
  });

  it('issues no code for a visit whose window is long over', async () => {
    const visitId = await recordVisit('2026-01-05');
    const res = await issueQr(visitId);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('VISIT_WINDOW_OVER');
  });

  it("refuses a service point of another unit for the visit's code", async () => {
    const visitId = await recordVisit();
    const res = await issueQr(visitId, {
      servicePointId: stack.forms.find((f) => !f.servicePointId.startsWith('130628001'))!.servicePointId,
    });
    expect(res.status).toBe(404);
  });
});
