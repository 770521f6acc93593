import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAppSettings } from '../../infra/app-settings';
import { SYNTH_TIMEOUT_MS, type Synthesized, synthesize } from './synth-fixture';

const calendar2027 = JSON.stringify({
  years: { '2027': { holidays: ['2027-01-01', '2027-02-05'], workdays: ['2027-02-20'] } },
});

describe('deployment settings (-c settingsFile=…)', () => {
  it('accepts the documented variables', () => {
    expect(
      parseAppSettings({
        HOLIDAY_CALENDAR: calendar2027,
        CASE_RESOLVE_DAYS: '{"default":7,"130000":5,"140000":15}',
        VISIT_QR_VALID_DAYS: '14',
        INTEGRITY_OPENING_HOURS: '08:30-17:30',
      }),
    ).toMatchObject({ VISIT_QR_VALID_DAYS: '14' });
  });

  it.each([
    [{ HOLIDAY_CALENDER: calendar2027 }, /HOLIDAY_CALENDER/],
    [
      { HOLIDAY_CALENDAR: '{"years":{"2027":{"holidays":[],"workdays":["2027-02-22"]}}}' },
      /HOLIDAY_CALENDAR/,
    ],
    [{ CASE_RESOLVE_DAYS: '{"default":0}' }, /CASE_RESOLVE_DAYS/],
    [{ CASE_RESOLVE_DAYS: '{"hebei":5}' }, /CASE_RESOLVE_DAYS/],
    [{ VISIT_QR_VALID_DAYS: '7 days' }, /VISIT_QR_VALID_DAYS/],
    [{ INTEGRITY_OPENING_HOURS: '8-17' }, /INTEGRITY_OPENING_HOURS/],
    [{ HOLIDAY_CALENDAR: 'x'.repeat(3100) }, /HOLIDAY_CALENDAR/],
  ])('refuses %o naming the variable', (raw, message) => {
    expect(() => parseAppSettings(raw)).toThrow(message);
  });
});

describe('settings reach the functions', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthesize({
      target: 'global',
      stage: 'dev',
      appSettings: { CASE_RESOLVE_DAYS: '{"default":5}', HOLIDAY_CALENDAR: calendar2027 },
    });
  }, SYNTH_TIMEOUT_MS);
  afterAll(() => synth?.cleanup());

  it('sets them on every function of the jobs and api stacks', () => {
    for (const stack of [synth.stacks.api, synth.stacks.jobs]) {
      const fns = Object.values(synth.resources(stack)).filter(
        (r) =>
          r.Type === 'AWS::Lambda::Function' &&
          JSON.stringify(r.Properties).includes('POWERTOOLS_SERVICE_NAME'),
      );
      expect(fns.length).toBeGreaterThan(0);
      for (const fn of fns) {
        const env = (fn.Properties.Environment as { Variables: Record<string, string> }).Variables;
        expect(env.CASE_RESOLVE_DAYS).toBe('{"default":5}');
        expect(env.HOLIDAY_CALENDAR).toBe(calendar2027);
      }
    }
  });
});
