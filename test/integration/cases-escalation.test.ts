/** The scheduled escalation job, as Lambda runs it (middy handler), against DynamoDB Local. */
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseRepository } from '../../functions/db/case-repository';
import { caseServices, createEscalationHandler } from '../../functions/handlers/case-deps';
import { DEFAULT_CASE_SETTINGS } from '../../functions/services/cases/ports';
import type { EscalationReport } from '../../functions/services/cases/run-escalation';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { silentLogger } from '../fixtures/public-stack';

const V1 = '/api/console/v1';
let stack: ConsoleStack;
let repo: CaseRepository;

beforeAll(async () => {
  stack = await createConsoleStack();
  repo = new CaseRepository(stack.db.client, stack.db.tables);
});

/** Runs the job as if it were `at`. */
const runJobAt = (at: string) =>
  createEscalationHandler(
    caseServices({
      client: stack.db.client,
      tables: stack.db.tables,
      settings: DEFAULT_CASE_SETTINGS,
      clock: { now: () => new Date(at) },
    }),
    silentLogger(),
  )({} as never, {} as never) as Promise<EscalationReport>;

/** Opens a case by hand on Friday 25 Sept 2026 (before National Day). */
async function openCaseOnFriday(): Promise<string> {
  const app = stack.console({ clock: { now: () => new Date('2026-09-25T02:00:00Z') } });
  const res = await app.request(`${V1}/cases`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await stack.token('unit-staff')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ unitId: '130628001', source: 'call', problem: '来电反映办证排队过长' }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('escalation job', () => {
  it('leaves a case alone before its deadline', async () => {
    const id = await openCaseOnFriday();
    // Acknowledge by end of Mon 28 Sept; Saturday is no working day.
    await runJobAt('2026-09-27T02:00:00Z');
    expect((await repo.get(id))!.ackOverdue).toBeUndefined();
  });

  it('marks an unacknowledged case overdue and escalates it to the county, once', async () => {
    const id = await openCaseOnFriday();
    const report = await runJobAt('2026-09-29T02:00:00Z');
    expect(report.escalations).toBeGreaterThanOrEqual(1);
    const c = (await repo.get(id))!;
    expect(c).toMatchObject({ ackOverdue: true, version: 2 });
    expect(c.escalations.map((e) => e.toId)).toEqual(['130628']);
    await runJobAt('2026-09-29T03:00:00Z');
    expect((await repo.get(id))!.version).toBe(2);
    const timeline = (await repo.detail(id))!.events.map((e) => e.type);
    expect(timeline).toEqual(['open', 'escalate']);
  });

  it('reminds before the resolution deadline, then escalates one level higher after it', async () => {
    const id = await openCaseOnFriday();
    // 7 working days after 25 Sept skip National Day: 28, 29, 30 Sept, 8, 9, 10 (make-up Sat), 12 Oct.
    expect((await repo.get(id))!.resolveDueAt).toBe('2026-10-12T16:00:00.000Z');
    await runJobAt('2026-10-12T01:00:00Z');
    expect((await repo.get(id))!.remindedAt).toBe('2026-10-12T01:00:00.000Z');
    await runJobAt('2026-10-13T01:00:00Z');
    const c = (await repo.get(id))!;
    expect(c.resolveOverdue).toBe(true);
    expect(c.escalations.map((e) => e.reason)).toEqual(['ack_overdue', 'resolve_overdue']);
    expect(c.escalations.map((e) => e.toId)).toEqual(['130628', '130600']);
    expect(await repo.openCaseIds()).toContain(id);
  });
});
