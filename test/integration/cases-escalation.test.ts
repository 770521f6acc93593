/** The scheduled escalation job, as Lambda runs it (middy handler), against DynamoDB Local. */
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseRepository } from '../../functions/db/case-repository';
import { createWorkingCalendar, type WorkingCalendar } from '../../functions/domain/cases/working-calendar';
import { caseServices } from '../../functions/handlers/case-wiring';
import { createEscalationHandler } from '../../functions/handlers/escalation-handler';
import { parseHolidayCalendar } from '../../functions/schemas/holiday-calendar';
import { DEFAULT_CASE_SETTINGS } from '../../functions/services/cases/ports';
import type { EscalationReport } from '../../functions/services/cases/run-escalation';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { openCaseByHand } from '../fixtures/manual-case';
import { silentLogger } from '../fixtures/public-stack';

let stack: ConsoleStack;
let repo: CaseRepository;

beforeAll(async () => {
  stack = await createConsoleStack();
  repo = new CaseRepository(stack.db.client, stack.db.tables);
});

/** Runs the job as if it were `at`, on the default calendar or on `calendar`. */
const runJobAt = (at: string, calendar?: WorkingCalendar) =>
  createEscalationHandler(
    caseServices({
      client: stack.db.client,
      tables: stack.db.tables,
      settings: { ...DEFAULT_CASE_SETTINGS, calendar },
      clock: { now: () => new Date(at) },
    }),
    silentLogger(),
  )({} as never, {} as never) as Promise<EscalationReport>;

/** Opens a case by hand at `at`, by default on Friday 25 Sept 2026 (before National Day). */
const openCaseOnFriday = (at = '2026-09-25T02:00:00Z'): Promise<string> =>
  openCaseByHand(stack, at, '来电反映办证排队过长');

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
    // Both deadlines flagged: nothing is left for the job, so it no longer reads the case.
    expect((await repo.dueCases('2030-01-01')).map((x) => x.id)).not.toContain(id);
  });

  it('recounts deadlines counted through an unpublished year once its schedule is configured', async () => {
    // Opened Wednesday 30 Dec 2026: the deadlines run into 2027, which chinese-workday lacks.
    const id = await openCaseOnFriday('2026-12-30T02:00:00Z');
    expect(await repo.get(id)).toMatchObject({
      calendarProvisional: true,
      resolveDueAt: '2027-01-11T16:00:00.000Z',
      workingDays: { ackWorkingDays: 1, resolveWorkingDays: 7 },
    });
    await runJobAt('2026-12-30T03:00:00Z');
    expect((await repo.get(id))!.version).toBe(1);

    // The operators add 2027 to HOLIDAY_CALENDAR (a made-up schedule: 元旦 on Friday 1 Jan,
    // Saturday 2 Jan worked in exchange) and redeploy; the next run recounts.
    const configured = createWorkingCalendar({
      supplement: parseHolidayCalendar(
        JSON.stringify({ years: { '2027': { holidays: ['2027-01-01'], workdays: ['2027-01-02'] } } }),
      ),
    });
    const report = await runJobAt('2026-12-30T04:00:00Z', configured);
    expect(report.recounted).toBe(1);
    const c = (await repo.get(id))!;
    expect(c).toMatchObject({ version: 2, resolveDueAt: '2027-01-08T16:00:00.000Z' });
    expect(c).not.toHaveProperty('calendarProvisional');
    const events = (await repo.detail(id))!.events;
    expect(events.map((e) => e.type)).toEqual(['open', 'deadlines_recounted']);
    expect(events[1]!.note).toContain('2027-01-11 → 2027-01-08');

    // Counted once: a second run changes nothing.
    expect((await runJobAt('2026-12-30T05:00:00Z', configured)).recounted).toBe(0);
    expect((await repo.get(id))!.version).toBe(2);
  });
});
