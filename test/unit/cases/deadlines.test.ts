import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  caseDeadlines,
  isWorkingDay,
  policyFor,
  workingDaysBetween,
} from '../../../functions/domain/cases/deadlines';

// Dates from chinese-workday's 2026 data (the package knows 2011–2026 only).
describe('working-day deadlines on the Chinese calendar', () => {
  it('skips the National Day week: opened 30 Sept, one working day later is 8 Oct', () => {
    expect(addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
  });

  it('counts the make-up Saturday after National Day (10 Oct 2026) as a working day', () => {
    expect(isWorkingDay('2026-10-10')).toBe(true);
    // 8 Oct (Thu), 9 Oct (Fri), 10 Oct (make-up Sat), 12 Oct (Mon), 13 Oct (Tue).
    expect(addWorkingDays('2026-09-30', 5)).toBe('2026-10-13');
  });

  it('counts the make-up Sunday before National Day (20 Sept 2026)', () => {
    expect(addWorkingDays('2026-09-19', 1)).toBe('2026-09-20');
  });

  it('skips Spring Festival (15–23 Feb 2026) and counts the make-up Saturdays 14 and 28 Feb', () => {
    expect(addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-14', 1)).toBe('2026-02-24');
    // 24, 25, 26, 27 Feb, then Saturday 28 Feb is a working day.
    expect(addWorkingDays('2026-02-14', 5)).toBe('2026-02-28');
  });

  it('puts the deadlines at the end of the Beijing working day, from the Beijing date of opening', () => {
    // 23:30 on 30 Sept in Beijing is 15:30 UTC the same day; both give the Beijing date 30 Sept.
    const d = caseDeadlines(new Date('2026-09-30T15:30:00Z'), { ackWorkingDays: 1, resolveWorkingDays: 7 });
    expect(d.ackDueAt).toBe('2026-10-08T16:00:00.000Z');
    // 8, 9, 10 (make-up Saturday), 12, 13, 14, 15 Oct.
    expect(d.resolveDueAt).toBe('2026-10-15T16:00:00.000Z');
  });

  it('takes the opening date in Beijing time: 00:30 on 30 Sept is not 29 Sept', () => {
    const policy = { ackWorkingDays: 1, resolveWorkingDays: 5 };
    expect(caseDeadlines(new Date('2026-09-29T15:30:00Z'), policy).ackDueAt).toBe('2026-09-30T16:00:00.000Z');
    expect(caseDeadlines(new Date('2026-09-29T16:30:00Z'), policy).ackDueAt).toBe('2026-10-08T16:00:00.000Z');
  });

  it('uses 5, 7 or 15 resolution days as each province configures', () => {
    const policies = {
      default: { ackWorkingDays: 1, resolveWorkingDays: 7 },
      byProvince: { '130000': { resolveWorkingDays: 15 } },
    };
    expect(policyFor(policies, '130000/130600').resolveWorkingDays).toBe(15);
    expect(policyFor(policies, '140000/140100').resolveWorkingDays).toBe(7);
    expect(addWorkingDays('2026-11-02', 15)).toBe('2026-11-23');
  });

  it('measures working days between two instants across a holiday', () => {
    expect(workingDaysBetween(new Date('2026-09-30T02:00:00Z'), new Date('2026-10-09T02:00:00Z'))).toBe(2);
  });
});

// 2027 lies beyond chinese-workday 1.16.1: counted on the statutory rules, marked provisional.
describe('deadlines crossing into a year the package does not know', () => {
  it('skips 元旦 2027 (a Friday) and the weekend after it when a deadline crosses 31 Dec 2026', () => {
    // Wed 30 Dec → Thu 31 Dec (1), then Fri 1 Jan is 元旦 and 2–3 Jan a weekend → Mon 4 Jan (2).
    expect(addWorkingDays('2026-12-30', 1)).toBe('2026-12-31');
    expect(addWorkingDays('2026-12-30', 2)).toBe('2027-01-04');
    const d = caseDeadlines(new Date('2026-12-30T02:00:00Z'), { ackWorkingDays: 1, resolveWorkingDays: 5 });
    expect(d.ackDueAt).toBe('2026-12-31T16:00:00.000Z');
    // 31 Dec, 4, 5, 6, 7 Jan.
    expect(d.resolveDueAt).toBe('2027-01-07T16:00:00.000Z');
    expect(d.calendarProvisional).toBe(true);
  });

  it('marks no deadline provisional while it stays inside years with a published schedule', () => {
    const d = caseDeadlines(new Date('2026-11-02T02:00:00Z'), { ackWorkingDays: 1, resolveWorkingDays: 15 });
    expect(d.calendarProvisional).toBeUndefined();
  });

  it('skips Spring Festival 2027: 除夕 5 Feb to 初三 8 Feb, and gives back the weekend days on 9 and 10 Feb', () => {
    for (const day of ['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10']) {
      expect(isWorkingDay(day), day).toBe(false);
    }
    expect(addWorkingDays('2027-02-04', 1)).toBe('2027-02-11');
  });

  it('counts working days across the turn of the year on the same calendar', () => {
    expect(workingDaysBetween(new Date('2026-12-30T02:00:00Z'), new Date('2027-01-05T02:00:00Z'))).toBe(3);
  });
});
