/**
 * The follow-up case settings of a deployment, from the environment of the functions that run the
 * case workflow (console, case stream, escalation job): the valibot entries their config modules
 * check at cold start, and the settings built from them.
 */
import * as v from 'valibot';
import { createLogger } from '../observability/logger';
import { workingCalendarFromEnv } from '../services/cases/calendar-settings';
import { type CaseSettings, DEFAULT_CASE_SETTINGS } from '../services/cases/ports';
import { optionalVar } from './lambda-env';

const positiveInt = v.pipe(v.number(), v.integer(), v.minValue(1));
const optionalPositiveInt = v.optional(
  v.pipe(v.string(), v.regex(/^[1-9]\d*$/, 'must be a positive integer')),
);

/** The case variables, for a config module's valibot object (HOLIDAY_CALENDAR is checked when parsed). */
export const caseSettingsVars = {
  CASE_RESOLVE_DAYS: v.optional(
    v.pipe(
      v.string(),
      v.parseJson(undefined, 'must be JSON such as {"default":7,"130000":5}'),
      v.record(v.string(), positiveInt, 'must map "default" or a province code to working days ≥ 1'),
    ),
  ),
  CASE_COMPLAINT_KEYWORDS: optionalVar,
  CONTACT_RETENTION_DAYS: optionalPositiveInt,
  VISIT_QR_VALID_DAYS: optionalPositiveInt,
  HOLIDAY_CALENDAR: optionalVar,
};

/** Warns once per year that deadlines run on the statutory rules alone (see working-calendar.ts). */
const warnProvisionalYear = (year: number) =>
  createLogger('kmpj-cases').warn('holiday schedule not configured: deadlines provisional', {
    year,
    hint: 'add the published schedule to HOLIDAY_CALENDAR',
  });

/**
 * Settings from the environment: `CASE_RESOLVE_DAYS` = `{"default":7,"130000":5}`, `CASE_COMPLAINT_KEYWORDS` = `a,b`,
 * `VISIT_QR_VALID_DAYS` = `7`, `HOLIDAY_CALENDAR` = published holiday schedules (schemas/holiday-calendar.ts).
 */
export function caseSettingsFromEnv(env = process.env): CaseSettings {
  const days = env.CASE_RESOLVE_DAYS ? (JSON.parse(env.CASE_RESOLVE_DAYS) as Record<string, number>) : {};
  const { default: resolve, ...byProvince } = days;
  return {
    ...DEFAULT_CASE_SETTINGS,
    deadlines: {
      default: {
        ...DEFAULT_CASE_SETTINGS.deadlines.default,
        ...(resolve ? { resolveWorkingDays: resolve } : {}),
      },
      byProvince: Object.fromEntries(
        Object.entries(byProvince).map(([p, n]) => [p, { resolveWorkingDays: n }]),
      ),
    },
    complaintKeywords: env.CASE_COMPLAINT_KEYWORDS?.split(',').filter(Boolean),
    contactRetentionDays: Number(env.CONTACT_RETENTION_DAYS ?? DEFAULT_CASE_SETTINGS.contactRetentionDays),
    calendar: workingCalendarFromEnv(env, warnProvisionalYear),
    visitQrValidDays: env.VISIT_QR_VALID_DAYS ? Number(env.VISIT_QR_VALID_DAYS) : undefined,
  };
}
