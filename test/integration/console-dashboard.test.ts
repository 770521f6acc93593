import { beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { answersAt, submitAt } from './reporting-fixtures';

const V1 = '/api/console/v1';
let stack: ConsoleStack;
const r: Record<string, string> = {};

/**
 * Hand-checked data (demo mapping 0/30/60/80/100 for levels 1–5; five satisfaction questions):
 *   A 10-05 130628001-01: all 5 (5 × 100), household, [long_wait], recommend 9, comment
 *   B 10-05 130628001-02: all 3 (5 × 60),  vehicle,   no problems, recommend 5
 *   C 10-07 130628002-01: all 1 (5 × 0),   household, [rude, long_wait], recommend 0, comment
 *   D 10-05 130102001-01 (another county): all 5 — never in 高阳县's numbers
 * 高阳县 10-05..10-07: 3 responses, 15 answers, 10 satisfied → 0.6667; score 800 / 15 = 53.33.
 */
beforeAll(async () => {
  stack = await createConsoleStack();
  r.a = await submitAt(
    stack,
    '130628001-01',
    '2026-10-05T02:00:00.000Z',
    answersAt(5, {
      q_business: 'household',
      q_problems: ['long_wait'],
      q_recommend: 9,
      q_suggestion: '很满意',
    }),
  );
  r.b = await submitAt(
    stack,
    '130628001-02',
    '2026-10-05T03:00:00.000Z',
    answersAt(3, { q_business: 'vehicle', q_recommend: 5 }),
  );
  r.c = await submitAt(
    stack,
    '130628002-01',
    '2026-10-07T03:00:00.000Z',
    answersAt(1, {
      q_business: 'household',
      q_problems: ['rude', 'long_wait'],
      q_recommend: 0,
      q_suggestion: '太差了',
    }),
  );
  r.d = await submitAt(stack, '130102001-01', '2026-10-05T02:00:00.000Z', answersAt(5));
});

const dashboard = (user: string, query: string) => stack.as(user).get(`${V1}/dashboard?${query}`);

describe('GET /dashboard', () => {
  it('adds up a county’s units: totals, rate and score as computed by hand', async () => {
    const res = await dashboard('county-admin', 'nodeId=130628&from=2026-10-05&to=2026-10-07');
    expect(res.status).toBe(200);
    expect(res.body.node).toMatchObject({ id: '130628', name: { 'zh-CN': '高阳县' } });
    expect(res.body.totals).toEqual({ responses: 3, n: 15, satisfactionRate: 0.6667, score: 53.33 });
  });

  it('draws a daily series with an empty day as a gap, not as zero', async () => {
    const res = await dashboard(
      'county-admin',
      'nodeId=130628&from=2026-10-05&to=2026-10-07&granularity=day',
    );
    expect(res.body.series).toEqual([
      { period: '2026-10-05', start: '2026-10-05', responses: 2, n: 10, satisfactionRate: 1, score: 80 },
      { period: '2026-10-06', start: '2026-10-06', responses: 0, n: 0, satisfactionRate: null, score: null },
      { period: '2026-10-07', start: '2026-10-07', responses: 1, n: 5, satisfactionRate: 0, score: 0 },
    ]);
  });

  it('groups by ISO week and by month', async () => {
    const week = await dashboard(
      'county-admin',
      'nodeId=130628&from=2026-10-01&to=2026-10-07&granularity=week',
    );
    expect(
      week.body.series.map((p: { period: string; responses: number }) => [p.period, p.responses]),
    ).toEqual([
      ['2026-W40', 0],
      ['2026-W41', 3],
    ]);
    const month = await dashboard(
      'county-admin',
      'nodeId=130628&from=2026-09-20&to=2026-10-31&granularity=month',
    );
    expect(month.body.series).toEqual([
      { period: '2026-09', start: '2026-09-20', responses: 0, n: 0, satisfactionRate: null, score: null },
      { period: '2026-10', start: '2026-10-01', responses: 3, n: 15, satisfactionRate: 0.6667, score: 53.33 },
    ]);
  });

  it('gives each question its distribution', async () => {
    const res = await dashboard('county-admin', 'nodeId=130628&from=2026-10-05&to=2026-10-07');
    const q = Object.fromEntries(res.body.questions.map((x: { questionId: string }) => [x.questionId, x]));
    expect(res.body.questions.map((x: { questionId: string }) => x.questionId).slice(0, 2)).toEqual([
      'q_overall',
      'q_attitude',
    ]);
    expect(q.q_overall).toMatchObject({
      type: 'satisfaction',
      text: { 'zh-CN': '您对本次办事的总体评价' },
      n: 3,
      distribution: { '1': 1, '2': 0, '3': 1, '4': 0, '5': 1 },
      mean: 53.33,
      satisfactionRate: 0.6667,
    });
    expect(q.q_business).toMatchObject({
      type: 'single',
      n: 3,
      options: { household: 2, vehicle: 1, exit_entry: 0, violation: 0, other: 0 },
    });
    expect(q.q_problems).toMatchObject({
      type: 'multiple',
      n: 2,
      options: { long_wait: 2, rude: 1, repeat_visits: 0 },
    });
    expect(q.q_recommend).toMatchObject({ type: 'scale', n: 3, mean: 4.67 });
    expect(q.q_suggestion).toMatchObject({ type: 'text', n: 2 });
  });

  it('lists the newest comments of the subtree', async () => {
    const res = await dashboard('county-admin', 'nodeId=130628&from=2026-10-05&to=2026-10-07');
    expect(res.body.recentComments).toEqual([
      { responseId: r.c, submittedAt: '2026-10-07T03:00:00.000Z', comment: '太差了' },
      { responseId: r.a, submittedAt: '2026-10-05T02:00:00.000Z', comment: '很满意' },
    ]);
  });

  it('shows a unit and a single service point from their own aggregates', async () => {
    const unit = await dashboard('unit-staff', 'nodeId=130628001&from=2026-10-05&to=2026-10-07');
    expect(unit.body.totals).toEqual({ responses: 2, n: 10, satisfactionRate: 1, score: 80 });
    const sp = await dashboard('unit-staff', 'nodeId=130628001-02&from=2026-10-05&to=2026-10-07');
    expect(sp.body.totals).toEqual({ responses: 1, n: 5, satisfactionRate: 1, score: 60 });
    expect(sp.body.recentComments).toEqual([]);
    const province = await dashboard('province-admin', 'nodeId=130000&from=2026-10-05&to=2026-10-07');
    expect(province.body.totals.responses).toBe(4);
  });

  it('answers an empty period with zero responses and null rate and score, never a division by zero', async () => {
    const res = await dashboard('county-admin', 'nodeId=130628&from=2026-09-01&to=2026-09-30');
    expect(res.status).toBe(200);
    expect(res.body.totals).toEqual({ responses: 0, n: 0, satisfactionRate: null, score: null });
    expect(res.body.series).toHaveLength(30);
    expect(res.body.series.every((p: { score: unknown }) => p.score === null)).toBe(true);
    expect(res.body.questions).toEqual([]);
    expect(res.body.recentComments).toEqual([]);
  });

  it('refuses nodes outside the scope (404), roles without the right (403) and bad periods (400)', async () => {
    expect((await dashboard('unit-staff', 'nodeId=130628&from=2026-10-05&to=2026-10-07')).status).toBe(404);
    expect((await dashboard('agency-analyst', 'nodeId=130628&from=2026-10-05&to=2026-10-07')).status).toBe(
      403,
    );
    const bad = await dashboard(
      'county-admin',
      'nodeId=130628&from=2026-10-05&to=2026-10-07&granularity=year',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('granularity');
    expect((await dashboard('county-admin', 'nodeId=130628&from=2026-10-07&to=2026-10-05')).status).toBe(400);
    expect((await dashboard('county-admin', 'nodeId=130628&from=2025-01-01&to=2026-10-05')).status).toBe(400);
  });
});
