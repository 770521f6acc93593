/**
 * No live oracle below the province: the dashboard shows unit staff (and city and county admins)
 * their figures up to the end of the previous working day; province admins and auditors live.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultWorkingCalendar } from '../../functions/domain/cases/deadlines';
import { previousWorkingDay } from '../../functions/domain/figures-cutoff';
import { serviceDay } from '../../functions/domain/service-day';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { answersAt, submitAt } from './reporting-fixtures';

const V1 = '/api/console/v1';
let stack: ConsoleStack;
const today = serviceDay(new Date());
const cutoff = previousWorkingDay(new Date(), defaultWorkingCalendar);

beforeAll(async () => {
  stack = await createConsoleStack();
  await submitAt(stack, '130628001-01', `${cutoff}T03:00:00.000Z`, answersAt(5));
  await submitAt(stack, '130628001-01', new Date().toISOString(), answersAt(1));
});

const totals = async (user: string) => {
  const res = await stack
    .as(user)
    .get(`${V1}/dashboard?nodeId=130628001-01&from=${cutoff}&to=${today}&granularity=day`);
  expect(res.status).toBe(200);
  return res.body as { totals: { responses: number; score: number }; figuresUntil: string | null };
};

describe('figures below the province stop at the previous working day', () => {
  it.each(['unit-staff', 'county-admin', 'city-admin'])('%s sees the cut-off, not today', async (user) => {
    const d = await totals(user);
    expect(d.figuresUntil).toBe(cutoff);
    expect(d.totals).toMatchObject({ responses: 1, score: 100 });
  });

  it.each(['province-admin', 'auditor'])('%s sees them live', async (user) => {
    const d = await totals(user);
    expect(d.figuresUntil).toBeNull();
    expect(d.totals.responses).toBe(2);
  });
});
