import { beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { answersAt, submitAt } from './reporting-fixtures';

const V1 = '/api/console/v1';
let stack: ConsoleStack;
/** Response ids by name, see beforeAll. */
const r: Record<string, string> = {};
const longComment = `${'很'.repeat(199)}好😀尾巴`;

beforeAll(async () => {
  stack = await createConsoleStack();
  // 高阳县 130628: three units. Times are UTC; service days are Beijing dates.
  r.a = await submitAt(
    stack,
    '130628001-01',
    '2026-10-05T02:00:00.000Z',
    answersAt(5, { q_suggestion: '很好' }),
  );
  r.b = await submitAt(
    stack,
    '130628001-01',
    '2026-10-06T03:00:00.000Z',
    answersAt(4, { q_overall: 1, q_suggestion: longComment }),
  );
  // 23:30 UTC on the 6th is 07:30 on the 7th in Beijing.
  r.c = await submitAt(stack, '130628001-01', '2026-10-06T23:30:00.000Z', answersAt(2));
  r.d = await submitAt(stack, '130628001-02', '2026-10-07T01:00:00.000Z', answersAt(3));
  r.e = await submitAt(
    stack,
    '130628002-01',
    '2026-10-05T05:00:00.000Z',
    answersAt(4, { q_suggestion: '等太久' }),
  );
  r.f = await submitAt(stack, '130628002-01', '2026-10-08T01:00:00.000Z', answersAt(5));
  r.g = await submitAt(
    stack,
    '130628003-01',
    '2026-10-06T04:00:00.000Z',
    answersAt(2, { q_suggestion: '态度差' }),
  );
  // Another county (石家庄 长安区): outside 高阳县.
  r.h = await submitAt(stack, '130102001-01', '2026-10-06T02:00:00.000Z', answersAt(5));
});

const list = (user: string, query: string) => stack.as(user).get(`${V1}/responses?${query}`);
const ids = (body: { items: { responseId: string }[] }) => body.items.map((i) => i.responseId);
const COUNTY = 'nodeId=130628&from=2026-10-01&to=2026-10-31';

describe('GET /responses', () => {
  it('lists a county’s responses across its units, newest first, and nothing from elsewhere', async () => {
    const res = await list('county-admin', COUNTY);
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([r.f, r.d, r.c, r.g, r.b, r.e, r.a]);
    expect(res.body.nextCursor).toBeUndefined();
    expect(res.body.items[0]).toMatchObject({
      responseId: r.f,
      servicePointId: '130628002-01',
      unitId: '130628002',
      questionnaireId: 'window-service',
      version: 1,
      lowestLevel: 5,
      hasComment: false,
    });
  });

  it('names each response’s window, unit and questionnaire, so the list shows titles rather than ids', async () => {
    const res = await list('county-admin', COUNTY);
    expect(res.body.items[0]).toMatchObject({
      servicePointName: { 'zh-CN': '机动车登记窗口' },
      unitName: { 'zh-CN': '高阳县公安局车辆管理所' },
      questionnaireTitle: { 'zh-CN': '公安窗口服务满意度评价' },
    });
  });

  it('pages through several units with a cursor, each response exactly once and in order', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await list('province-admin', `${COUNTY}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...ids(res.body));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual([r.f, r.d, r.c, r.g, r.b, r.e, r.a]);
    expect(pages).toBe(4);
  });

  it('filters by lowest level, by “at most” level, by comment and by questionnaire', async () => {
    expect(ids((await list('county-admin', `${COUNTY}&level=1`)).body)).toEqual([r.b]);
    expect(ids((await list('county-admin', `${COUNTY}&maxLevel=2`)).body)).toEqual([r.c, r.g, r.b]);
    expect(ids((await list('county-admin', `${COUNTY}&hasComment=true`)).body)).toEqual([r.g, r.b, r.e, r.a]);
    expect(ids((await list('county-admin', `${COUNTY}&hasComment=false`)).body)).toEqual([r.f, r.d, r.c]);
    expect(ids((await list('county-admin', `${COUNTY}&questionnaireId=other-form`)).body)).toEqual([]);
    expect(
      ids(
        (await list('county-admin', `${COUNTY}&questionnaireId=window-service&maxLevel=2&hasComment=true`))
          .body,
      ),
    ).toEqual([r.g, r.b]);
  });

  it('takes the period in Beijing service days', async () => {
    const res = await list('county-admin', 'nodeId=130628&from=2026-10-07&to=2026-10-07');
    expect(ids(res.body)).toEqual([r.d, r.c]);
  });

  it('narrows to a unit and to a service point', async () => {
    expect(ids((await list('unit-staff', 'nodeId=130628001&from=2026-10-01&to=2026-10-31')).body)).toEqual([
      r.d,
      r.c,
      r.b,
      r.a,
    ]);
    expect(ids((await list('unit-staff', 'nodeId=130628001-02&from=2026-10-01&to=2026-10-31')).body)).toEqual(
      [r.d],
    );
  });

  it('previews the first comment, cut to 200 characters', async () => {
    const items = (await list('county-admin', `${COUNTY}&level=1`)).body.items;
    expect(items[0].comment).toBe(`${[...longComment].slice(0, 200).join('')}…`);
    const plain = (await list('county-admin', `${COUNTY}&hasComment=true`)).body.items;
    expect(plain.find((i: { responseId: string }) => i.responseId === r.a).comment).toBe('很好');
  });

  it('rejects a cursor from another query and a tampered one', async () => {
    const first = await list('county-admin', `${COUNTY}&limit=2`);
    const cursor = first.body.nextCursor as string;
    const other = await list('county-admin', `${COUNTY}&limit=2&level=4&cursor=${cursor}`);
    expect(other.status).toBe(400);
    expect(other.body.error.details[0]).toMatchObject({ field: 'cursor', code: 'invalid_cursor' });
    const body = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...body, id: 'x' })).toString('base64url');
    expect((await list('county-admin', `${COUNTY}&limit=2&cursor=${forged}`)).status).toBe(400);
    expect((await list('county-admin', `${COUNTY}&limit=2&cursor=bm90LWpzb24`)).status).toBe(400);
  });

  it('answers a node outside the caller’s subtree with 404 and a role without the right with 403', async () => {
    expect((await list('unit-staff', COUNTY)).status).toBe(404);
    expect((await list('county-admin', 'nodeId=130102&from=2026-10-01&to=2026-10-31')).status).toBe(404);
    expect((await list('county-admin', 'nodeId=999999&from=2026-10-01&to=2026-10-31')).status).toBe(404);
    expect((await list('agency-analyst', COUNTY)).status).toBe(403);
  });

  it('rejects bad queries precisely', async () => {
    const both = await list('county-admin', `${COUNTY}&level=1&maxLevel=2`);
    expect(both.status).toBe(400);
    expect(both.body.error.details[0].field).toBe('maxLevel');
    expect((await list('county-admin', `${COUNTY}&level=6`)).body.error.details[0].field).toBe('level');
    expect((await list('county-admin', `${COUNTY}&limit=101`)).status).toBe(400);
    expect((await list('county-admin', `${COUNTY}&color=red`)).body.error.details[0].code).toBe(
      'unknown_field',
    );
    expect((await list('county-admin', 'nodeId=130628&from=2026-10-31&to=2026-10-01')).status).toBe(400);
    expect((await list('county-admin', 'nodeId=130628&from=2025-01-01&to=2026-10-01')).status).toBe(400);
  });
});

describe('GET /responses/:id', () => {
  it('returns the whole response with unit and service point names and the questions answered', async () => {
    const res = await stack.as('unit-staff').get(`${V1}/responses/${r.b}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      responseId: r.b,
      day: '2026-10-06',
      answers: { q_overall: 1, q_attitude: 4, q_suggestion: longComment },
      unit: { id: '130628001', name: { 'zh-CN': '高阳县公安局城关派出所' } },
      servicePoint: { id: '130628001-01', name: { 'zh-CN': '户籍窗口' } },
      questionnaire: { id: 'window-service', version: 1 },
    });
    expect(res.body).not.toHaveProperty('tokenId');
    expect(res.body).not.toHaveProperty('contentHash');
    expect(res.body).not.toHaveProperty('submissionId');
  });

  it('answers a response outside the caller’s subtree like a missing one: 404', async () => {
    expect((await stack.as('unit-staff').get(`${V1}/responses/${r.e}`)).status).toBe(404);
    expect((await stack.as('county-admin').get(`${V1}/responses/${r.h}`)).status).toBe(404);
    expect((await stack.as('province-admin').get(`${V1}/responses/${r.h}`)).status).toBe(200);
    expect(
      (await stack.as('county-admin').get(`${V1}/responses/00000000-0000-4000-8000-000000000000`)).status,
    ).toBe(404);
    expect((await stack.as('county-admin').get(`${V1}/responses/not-an-id`)).status).toBe(400);
    expect((await stack.as('agency-analyst').get(`${V1}/responses/${r.a}`)).status).toBe(403);
  });
});
