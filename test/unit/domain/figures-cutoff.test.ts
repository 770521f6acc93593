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
  const as = (role: Role): Principal => ({
    userId: 'u',
    name: 'u',
    role,
    scopeId: 'x',
    scopePath: '130000/130600/x',
  });
  it.each(['province_admin', 'auditor'] as const)('%s sees them live', async (role) => {
    expect(await figuresCutoff(as(role), async () => '2025-11-07')).toBeUndefined();
  });
  it.each(['city_admin', 'county_admin', 'unit_staff'] as const)(
    '%s sees them up to the cut-off',
    async (role) => {
      expect(await figuresCutoff(as(role), async () => '2025-11-07')).toBe('2025-11-07');
    },
  );
  it('asks for the cut-off of the principal’s own province', async () => {
    const asked: string[] = [];
    await figuresCutoff(as('unit_staff'), async (province) => {
      asked.push(province);
      return '2025-11-07';
    });
    expect(asked).toEqual(['130000']);
  });
});

describe('a cut-off several working days back', () => {
  it('steps over weekends and holidays once per working day', () => {
    // Monday 2025-11-10: one back is Friday 11-07, two back Thursday 11-06, three back Wednesday 11-05.
    expect(previousWorkingDay(beijing('2025-11-10'), defaultWorkingCalendar, 2)).toBe('2025-11-06');
    expect(previousWorkingDay(beijing('2025-11-10'), defaultWorkingCalendar, 3)).toBe('2025-11-05');
    // 2025-10-09 (Thursday after the National Day holiday, 10-01…10-08): two back is 09-29 (Monday).
    expect(previousWorkingDay(beijing('2025-10-09'), defaultWorkingCalendar, 2)).toBe('2025-09-29');
  });
});
