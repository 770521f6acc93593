import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_SUBMISSION_BYTES } from '../../functions/http/routes/submissions';
import type { FormView, SubmissionReceipt } from '../../functions/schemas/submission';
import { aSubmission, someAnswers } from '../fixtures/factories';
import { createPublicStack, type PublicStack } from '../fixtures/public-stack';
import { countEntity, countUnitResponses, todaysAggregate } from './count';

let stack: PublicStack;
beforeAll(async () => {
  stack = await createPublicStack();
});

const post = (
  app: ReturnType<PublicStack['app']>,
  token: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> =>
  Promise.resolve(
    app.request(`/api/v1/forms/${token}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body:
        typeof body === 'string' || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body),
    }),
  );

describe('GET /api/v1/forms/{token}', () => {
  it('returns the published questionnaire with the service point and unit names', async () => {
    const form = stack.forms[0]!;
    const res = await stack.app().request(`/api/v1/forms/${form.token}`);
    expect(res.status).toBe(200);
    const view = (await res.json()) as FormView;
    expect(view.servicePoint.id).toBe(form.servicePointId);
    expect(view.unit.name['zh-CN']).toBe('高阳县公安局城关派出所');
    expect(view.questionnaire).toMatchObject({ id: 'window-service', version: 1 });
    expect(view.questionnaire.questions.map((q) => q.type)).toEqual(
      expect.arrayContaining(['satisfaction', 'single', 'multiple', 'scale', 'text']),
    );
  });

  it('answers a tampered token with a clear zh-CN message, not a crash', async () => {
    const token = stack.forms[0]!.token;
    const tampered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const res = await stack.app().request(`/api/v1/forms/${tampered}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      error: { code: 'TOKEN_INVALID', message: expect.stringContaining('二维码') },
    });
  });

  it('answers an unknown token and a malformed one with 4xx', async () => {
    const unknown = await stack.app().request(`/api/v1/forms/${'A'.repeat(27)}`);
    expect(unknown.status).toBe(404);
    const malformed = await stack.app().request('/api/v1/forms/not*a*token');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { details: [{ field: 'token' }] } });
  });
});

describe('POST /api/v1/forms/{token}/responses', () => {
  it('stores a response and counts it once for the service point and once for its unit', async () => {
    const form = stack.forms[1]!;
    const unitId = form.servicePointId.split('-')[0]!;
    const beforeSp = await todaysAggregate(stack.db, form.servicePointId);
    const beforeUnit = await todaysAggregate(stack.db, unitId);
    const res = await post(stack.app(), form.token, aSubmission({ answers: someAnswers({ q_overall: 2 }) }));
    expect(res.status).toBe(201);
    const receipt = (await res.json()) as SubmissionReceipt;
    expect(receipt.receipt).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const sp = await todaysAggregate(stack.db, form.servicePointId);
    const unit = await todaysAggregate(stack.db, unitId);
    expect(sp.responses - beforeSp.responses).toBe(1);
    expect(unit.responses - beforeUnit.responses).toBe(1);
    expect(sp.level('q_overall', 2) - beforeSp.level('q_overall', 2)).toBe(1);
    expect(sp.sum('q_overall') - beforeSp.sum('q_overall')).toBe(30);
  });

  it('returns the same receipt for a retried submission and counts it once', async () => {
    const form = stack.forms[2]!;
    const body = aSubmission();
    const before = await todaysAggregate(stack.db, form.servicePointId);
    const first = await post(stack.app(), form.token, body);
    const again = await post(stack.app(), form.token, body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(await first.json());
    expect((await todaysAggregate(stack.db, form.servicePointId)).responses - before.responses).toBe(1);
  });

  it('counts concurrent copies of one submission once', async () => {
    const form = stack.forms[3]!;
    const body = aSubmission();
    const unitId = form.servicePointId.split('-')[0]!;
    const before = await countUnitResponses(stack.db, unitId);
    const results = await Promise.all(Array.from({ length: 8 }, () => post(stack.app(), form.token, body)));
    const ok = results.filter((r) => r.status === 201);
    // DynamoDB Local serialises transactions; real DynamoDB may answer a racing copy with 503 (retry), never a second count.
    expect(results.every((r) => r.status === 201 || r.status === 503)).toBe(true);
    expect(new Set(await Promise.all(ok.map(async (r) => (await r.json()).responseId))).size).toBe(1);
    expect((await countUnitResponses(stack.db, unitId)) - before).toBe(1);
  });

  it('rejects the same submission id with different answers with 409', async () => {
    const form = stack.forms[4]!;
    const body = aSubmission();
    expect((await post(stack.app(), form.token, body)).status).toBe(201);
    const changed = await post(stack.app(), form.token, { ...body, answers: someAnswers({ q_overall: 1 }) });
    expect(changed.status).toBe(409);
    expect(await changed.json()).toMatchObject({ error: { code: 'DUPLICATE_SUBMISSION' } });
  });

  it('records the questionnaire version the citizen answered', async () => {
    const form = stack.forms[0]!;
    const res = await post(stack.app(), form.token, aSubmission());
    const { responseId } = (await res.json()) as SubmissionReceipt;
    const { GetItemCommand } = await import('@aws-sdk/client-dynamodb');
    const { toItem } = await import('../../functions/db/item');
    const item = await stack.db.client.send(
      new GetItemCommand({
        TableName: stack.db.tables.responses,
        Key: toItem({ pk: `RESP#${responseId}`, sk: 'RESP' }),
      }),
    );
    expect(item.Item?.questionnaireId?.S).toBe('window-service');
    expect(item.Item?.version?.N).toBe('1');
  });
});

describe('bad input gets a precise 4xx and stores nothing', () => {
  const form = () => stack.forms[5]!;
  const cases: [string, () => Promise<Response>, number, string, string?][] = [
    ['malformed JSON', () => post(stack.app(), form().token, '{"submissionId": '), 400, 'MALFORMED_BODY'],
    [
      'wrong types',
      () => post(stack.app(), form().token, { ...aSubmission(), answers: 'all good' }),
      400,
      'VALIDATION_FAILED',
      'answers',
    ],
    [
      'a body over the cap',
      () =>
        post(stack.app(), form().token, {
          ...aSubmission(),
          answers: someAnswers({ q_suggestion: '好'.repeat(MAX_SUBMISSION_BYTES) }),
        }),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['an unknown token', () => post(stack.app(), 'B'.repeat(27), aSubmission()), 404, 'TOKEN_INVALID'],
    [
      'a tampered token',
      () => post(stack.app(), `${form().token.slice(0, 11)}${'x'.repeat(16)}`, aSubmission()),
      404,
      'TOKEN_INVALID',
    ],
    [
      'an unknown question id',
      () => post(stack.app(), form().token, aSubmission({ answers: someAnswers({ q_bogus: 5 }) })),
      400,
      'VALIDATION_FAILED',
      'answers.q_bogus',
    ],
    [
      'an out-of-range level',
      () => post(stack.app(), form().token, aSubmission({ answers: someAnswers({ q_overall: 6 }) })),
      400,
      'VALIDATION_FAILED',
      'answers.q_overall',
    ],
    [
      'an out-of-range scale value',
      () => post(stack.app(), form().token, aSubmission({ answers: someAnswers({ q_recommend: 11 }) })),
      400,
      'VALIDATION_FAILED',
      'answers.q_recommend',
    ],
    [
      'an unknown option',
      () => post(stack.app(), form().token, aSubmission({ answers: someAnswers({ q_business: 'bribe' }) })),
      400,
      'VALIDATION_FAILED',
      'answers.q_business',
    ],
    [
      'text over the limit',
      () =>
        post(
          stack.app(),
          form().token,
          aSubmission({ answers: someAnswers({ q_suggestion: '很'.repeat(501) }) }),
        ),
      400,
      'VALIDATION_FAILED',
      'answers.q_suggestion',
    ],
    [
      'a missing required answer',
      () => {
        const { q_overall: _omit, ...rest } = someAnswers();
        return post(stack.app(), form().token, aSubmission({ answers: rest }));
      },
      400,
      'VALIDATION_FAILED',
      'answers.q_overall',
    ],
    [
      'an unknown body field',
      () => post(stack.app(), form().token, { ...aSubmission(), unitId: '130628001' }),
      400,
      'VALIDATION_FAILED',
      'unitId',
    ],
    [
      'a NUL byte in a comment',
      () =>
        post(stack.app(), form().token, aSubmission({ answers: someAnswers({ q_suggestion: 'a\u0000b' }) })),
      400,
      'VALIDATION_FAILED',
      'answers.q_suggestion',
    ],
    [
      'a GBK-encoded body',
      // {"q":"你好"} in GBK: not valid UTF-8, so it must not be decoded into U+FFFD and accepted.
      () =>
        post(
          stack.app(),
          form().token,
          new Uint8Array([0x7b, 0x22, 0x71, 0x22, 0x3a, 0x22, 0xc4, 0xe3, 0xba, 0xc3, 0x22, 0x7d]),
        ),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'a form body instead of JSON',
      () => post(stack.app(), form().token, 'a=1', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
  ];

  it.each(cases)('%s', async (_name, send, status, code, field) => {
    const before = await countEntity(stack.db, stack.db.tables.responses, 'Response');
    const res = await send();
    expect(res.status).toBe(status);
    const body = (await res.json()) as {
      error: { code: string; message: string; messageEn: string; details?: { field: string }[] };
    };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(body.error.messageEn).toMatch(/[A-Za-z]/);
    if (field) expect(body.error.details?.map((d) => d.field)).toContain(field);
    expect(await countEntity(stack.db, stack.db.tables.responses, 'Response')).toBe(before);
  });
});
