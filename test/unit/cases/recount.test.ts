import { describe, expect, it } from 'vitest';
import { caseDeadlines } from '../../../functions/domain/cases/deadlines';
import { escalationStep } from '../../../functions/domain/cases/escalation';
import { recountDeadlines } from '../../../functions/domain/cases/recount';
import { createWorkingCalendar } from '../../../functions/domain/cases/working-calendar';
import { aCase } from './case-factory';

// chinese-workday stops at 2026, so 2027 is counted on the statutory rules until it is configured.
const provisional = createWorkingCalendar();
// A schedule "published" for 2027 (made up for the test): 元旦 on Friday 1 January, with Saturday
// 2 January a make-up working day, so a deadline counted through it comes a day earlier.
const published = createWorkingCalendar({
  supplement: { years: { '2027': { holidays: ['2027-01-01'], workdays: ['2027-01-02'] } } },
});
const policy = { ackWorkingDays: 1, resolveWorkingDays: 7 };

// Opened Wednesday 30 December 2026, 10:00 Beijing time.
const openedAt = new Date('2026-12-30T02:00:00Z');
const opened = () => {
  const d = caseDeadlines(openedAt, policy, provisional);
  return aCase({ openedAt: openedAt.toISOString(), ...d, workingDays: policy });
};

describe('recounting provisional deadlines', () => {
  it('counts a case opened before 2027 was published on the statutory rules, and marks it', () => {
    const c = opened();
    expect(c.calendarProvisional).toBe(true);
    expect(c.ackDueAt).toBe('2026-12-31T16:00:00.000Z');
    // 31 Dec, then 4–8 Jan and 11 Jan: the 7th working day is Monday 11 January.
    expect(c.resolveDueAt).toBe('2027-01-11T16:00:00.000Z');
  });

  it('leaves the case alone while the year is still unpublished', () => {
    expect(recountDeadlines(opened(), policy, provisional, new Date('2026-12-30T03:00:00Z'))).toBeUndefined();
  });

  it('moves a deadline still ahead to the published schedule and drops the mark', () => {
    const c = opened();
    const r = recountDeadlines(c, policy, published, new Date('2026-12-30T03:00:00Z'))!;
    // 31 Dec, Sat 2 Jan (make-up), 4–8 Jan: the 7th working day is Friday 8 January.
    expect(r.next.resolveDueAt).toBe('2027-01-08T16:00:00.000Z');
    expect(r.next.ackDueAt).toBe(c.ackDueAt);
    expect(r.next).not.toHaveProperty('calendarProvisional');
    expect(r.next.version).toBe(c.version);
    expect(r.event).toMatchObject({
      type: 'deadlines_recounted',
      actor: { userId: 'system' },
      data: {
        resolveDueAt: { from: '2027-01-11T16:00:00.000Z', to: '2027-01-08T16:00:00.000Z' },
        calendarProvisional: false,
      },
    });
    expect(r.event.data).not.toHaveProperty('ackDueAt');
    expect(r.event.note).toBe('办结期限 Resolve by 2027-01-11 → 2027-01-08；已为正式 now final');
  });

  it('keeps a deadline already reached: it was acted on as it stood', () => {
    const c = { ...opened(), status: 'in_progress' as const, acknowledgedAt: '2026-12-30T05:00:00.000Z' };
    const r = recountDeadlines(c, policy, published, new Date('2027-01-09T01:00:00Z'))!;
    // Now is past the new deadline (8 Jan) but before the old one (11 Jan): the new one holds,
    // and the escalation step sees it as overdue at once.
    expect(r.next.resolveDueAt).toBe('2027-01-08T16:00:00.000Z');
    expect(escalationStep(r.next, new Date('2027-01-09T01:00:00Z'))?.next.resolveOverdue).toBe(true);

    const late = recountDeadlines(c, policy, published, new Date('2027-01-12T01:00:00Z'))!;
    expect(late.next.resolveDueAt).toBe(c.resolveDueAt);
    expect(late.next).not.toHaveProperty('calendarProvisional');
    expect(late.event.data).toEqual({ calendarProvisional: false });
    expect(late.event.note).toBe('已为正式 now final');
  });

  it('counts with the working days the case was opened with, not a policy changed since', () => {
    const r = recountDeadlines(opened(), { ackWorkingDays: 1, resolveWorkingDays: 15 }, published, openedAt)!;
    expect(r.next.resolveDueAt).toBe('2027-01-08T16:00:00.000Z');
    // A case stored before the working days were kept falls back to the province's policy.
    const { workingDays: _none, ...older } = opened();
    const fallback = recountDeadlines(
      older,
      { ackWorkingDays: 1, resolveWorkingDays: 5 },
      published,
      openedAt,
    )!;
    expect(fallback.next.resolveDueAt).toBe('2027-01-06T16:00:00.000Z');
  });

  it('reminds again when the deadline moved more than a day away, and not otherwise', () => {
    const reminded = { ...opened(), remindedAt: '2027-01-10T17:00:00.000Z' };
    // Later: a published year can also free a day (here the statutory 元旦 falls on a working day).
    const later = createWorkingCalendar({
      supplement: {
        years: { '2027': { holidays: ['2027-01-01', '2027-01-04', '2027-01-05'], workdays: [] } },
      },
    });
    const moved = recountDeadlines(reminded, policy, later, new Date('2027-01-11T01:00:00Z'))!;
    expect(moved.next.resolveDueAt).toBe('2027-01-13T16:00:00.000Z');
    expect(moved.next).not.toHaveProperty('remindedAt');

    // Earlier, to a deadline already past: no new reminder (the escalation step flags it instead).
    const kept = recountDeadlines(reminded, policy, published, new Date('2027-01-11T01:00:00Z'))!;
    expect(kept.next.resolveDueAt).toBe('2027-01-08T16:00:00.000Z');
    expect(kept.next.remindedAt).toBe(reminded.remindedAt);
  });

  it('recounts only open cases before resolution that are marked provisional', () => {
    const now = new Date('2026-12-30T03:00:00Z');
    expect(recountDeadlines({ ...opened(), status: 'resolved' }, policy, published, now)).toBeUndefined();
    expect(
      recountDeadlines({ ...opened(), calendarProvisional: undefined }, policy, published, now),
    ).toBeUndefined();
  });
});
