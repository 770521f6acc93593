import { describe, expect, it } from 'vitest';
import type { Principal, Role } from '../../../functions/domain/access';
import { defaultWorkingCalendar } from '../../../functions/domain/cases/deadlines';
import { figuresCutoff, previousWorkingDay } from '../../../functions/domain/figures-cutoff';

/** 10:00 Beijing time on a date. */
const beijing = (day: string) => new Date(`${day}T02:00:00.000Z`);

describe('the end of the previous working day', () => {
  it('is Friday on a Monday', () => {
    expect(previousWorkingDay(beijing('2025-11-10'), defaultWorkingCalendar)).toBe('2025-11-07');
  });

  it('skips the National Day holiday', () => {
    expect(previousWorkingDay(beijing('2025-10-09'), defaultWorkingCalendar)).toBe('2025-09-30');
  });

  it('counts a make-up Sunday as a working day', () => {
    expect(previousWorkingDay(beijing('2025-09-29'), defaultWorkingCalendar)).toBe('2025-09-28');
  });

  it('follows the Beijing date, not the UTC one', () => {
    // 2025-11-11 00:30 in Beijing is still 2025-11-10 in UTC.
    expect(previousWorkingDay(new Date('2025-11-10T16:30:00.000Z'), defaultWorkingCalendar)).toBe(
      '2025-11-10',
    );
  });
});

describe('who sees figures live', () => {
  const as = (role: Role): Principal => ({ userId: 'u', name: 'u', role, scopeId: 'x', scopePath: 'x' });
  it.each(['province_admin', 'auditor'] as const)('%s sees them live', (role) => {
    expect(figuresCutoff(as(role), () => '2025-11-07')).toBeUndefined();
  });
  it.each(['city_admin', 'county_admin', 'unit_staff'] as const)('%s sees them up to the cut-off', (role) => {
    expect(figuresCutoff(as(role), () => '2025-11-07')).toBe('2025-11-07');
  });
});
