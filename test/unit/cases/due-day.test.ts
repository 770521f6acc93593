import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escalationDueDay } from '../../../functions/domain/cases/due-day';
import { escalationStep } from '../../../functions/domain/cases/escalation';
import { CASE_STATUSES } from '../../../functions/domain/cases/model';
import { serviceDay } from '../../../functions/domain/service-day';
import { aCase } from './case-factory';

const HOUR = 3_600_000;

describe('the day the escalation job next looks at a case', () => {
  it('is the day after the acknowledgement deadline for a new case', () => {
    // Acknowledge by 24:00 on 3 Nov (Beijing): overdue from 4 Nov on.
    expect(escalationDueDay(aCase())).toBe('2026-11-04');
  });

  it('is the last day before resolution once acknowledged, then the day after it once reminded', () => {
    const accepted = aCase({ status: 'accepted' });
    expect(escalationDueDay(accepted)).toBe('2026-11-11');
    expect(escalationDueDay({ ...accepted, remindedAt: '2026-11-11T01:00:00.000Z' })).toBe('2026-11-12');
  });

  it('is none once both deadlines are flagged, after resolution, and after an upheld appeal', () => {
    expect(escalationDueDay(aCase({ status: 'in_progress', resolveOverdue: true }))).toBeUndefined();
    expect(escalationDueDay(aCase({ status: 'resolved' }))).toBeUndefined();
    expect(escalationDueDay(aCase({ appeal: { status: 'upheld', filedAt: 'x' } }))).toBeUndefined();
  });

  it('is the opening day while the deadlines are provisional', () => {
    expect(escalationDueDay(aCase({ calendarProvisional: true, openedAt: '2026-12-29T16:30:00.000Z' }))).toBe(
      '2026-12-30',
    );
  });

  it('is never later than a day on which the escalation step would act', () => {
    const anyCase = fc.record({
      status: fc.constantFrom(...CASE_STATUSES),
      ackHours: fc.integer({ min: 0, max: 24 * 20 }),
      resolveHours: fc.integer({ min: 0, max: 24 * 40 }),
      ackOverdue: fc.boolean(),
      resolveOverdue: fc.boolean(),
      reminded: fc.boolean(),
      nowHours: fc.integer({ min: 0, max: 24 * 60 }),
    });
    fc.assert(
      fc.property(anyCase, (a) => {
        const opened = Date.parse('2026-11-02T02:00:00.000Z');
        const iso = (h: number) => new Date(opened + h * HOUR).toISOString();
        const resolveHours = a.ackHours + a.resolveHours;
        // A flag is only ever set once its moment has passed (the job sets it then).
        const c = aCase({
          status: a.status,
          ackDueAt: iso(a.ackHours),
          resolveDueAt: iso(resolveHours),
          ...(a.ackOverdue && a.nowHours > a.ackHours ? { ackOverdue: true } : {}),
          ...(a.resolveOverdue && a.nowHours > resolveHours ? { resolveOverdue: true } : {}),
          ...(a.reminded && a.nowHours >= resolveHours - 24 ? { remindedAt: iso(resolveHours - 24) } : {}),
        });
        const now = new Date(opened + a.nowHours * HOUR);
        if (!escalationStep(c, now)) return;
        const due = escalationDueDay(c);
        expect(due).toBeDefined();
        expect(due! <= serviceDay(now)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
