/**
 * Application settings that a deployment chooses (the Configuration table of the README), passed
 * to every function as environment variables: `npx cdk deploy -c settingsFile=deploy/prod.json`,
 * a JSON object of string values keyed by variable name. Checked at synth, so a typo fails the
 * deploy on the operator's machine instead of every cold start in the region.
 */
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { parseHolidayCalendar } from '../functions/schemas/holiday-calendar';

/** The variables a settings file may set; anything else is refused (infra owns the rest). */
export const APP_SETTING_NAMES = [
  'HOLIDAY_CALENDAR',
  'CASE_RESOLVE_DAYS',
  'CASE_COMPLAINT_KEYWORDS',
  'CONTACT_RETENTION_DAYS',
  'VISIT_QR_VALID_DAYS',
  'INTEGRITY_UNIT_NETWORKS',
  'INTEGRITY_OPENING_HOURS',
  'INTEGRITY_LIMITS',
] as const;

export type AppSettings = Partial<Record<(typeof APP_SETTING_NAMES)[number], string>>;

const positiveInteger = (max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d+$/, 'a whole number'),
    v.check((s) => Number(s) >= 1 && Number(s) <= max, `between 1 and ${max}`),
  );

const jsonOf = <T extends v.GenericSchema>(schema: T) =>
  v.pipe(
    v.string(),
    v.check((s) => {
      try {
        return v.is(schema, JSON.parse(s));
      } catch {
        return false;
      }
    }, 'JSON of the documented shape'),
  );

const AppSettingsSchema = v.strictObject({
  HOLIDAY_CALENDAR: v.optional(
    v.pipe(
      v.string(),
      v.check((s) => {
        try {
          parseHolidayCalendar(s);
          return true;
        } catch {
          return false;
        }
      }, 'a valid holiday schedule (functions/schemas/holiday-calendar.ts)'),
    ),
  ),
  CASE_RESOLVE_DAYS: v.optional(
    jsonOf(
      v.record(
        v.pipe(v.string(), v.regex(/^(default|\d{6})$/)),
        v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(60)),
      ),
    ),
  ),
  CASE_COMPLAINT_KEYWORDS: v.optional(v.pipe(v.string(), v.maxLength(1000))),
  CONTACT_RETENTION_DAYS: v.optional(positiveInteger(3650)),
  VISIT_QR_VALID_DAYS: v.optional(positiveInteger(60)),
  INTEGRITY_UNIT_NETWORKS: v.optional(v.pipe(v.string(), v.maxLength(2000))),
  INTEGRITY_OPENING_HOURS: v.optional(v.pipe(v.string(), v.regex(/^\d\d:\d\d-\d\d:\d\d$/, 'HH:MM-HH:MM'))),
  INTEGRITY_LIMITS: v.optional(jsonOf(v.record(v.string(), v.pipe(v.number(), v.integer(), v.minValue(1))))),
});

/** Lambda's environment holds at most 4 KB in all; leave room for what infra sets itself. */
const MAX_SETTINGS_BYTES = 3000;

/** Validates settings; throws one readable line naming the variable and the reason. */
export function parseAppSettings(raw: unknown): AppSettings {
  const out = v.safeParse(AppSettingsSchema, raw);
  if (!out.success) {
    const issue = out.issues[0];
    const key = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    throw new Error(`settings file: ${key || 'root'}: ${issue.message}`);
  }
  const size = Object.entries(out.output).reduce((n, [k, val]) => n + k.length + (val?.length ?? 0), 0);
  if (size > MAX_SETTINGS_BYTES) {
    throw new Error(
      `settings file: ${size} bytes of settings, over Lambda's environment budget (${MAX_SETTINGS_BYTES})`,
    );
  }
  return out.output as AppSettings;
}

/** Reads `-c settingsFile=…` (none: no settings, every default applies). */
export function loadAppSettings(file: string | undefined): AppSettings {
  if (!file) return {};
  return parseAppSettings(JSON.parse(readFileSync(file, 'utf8')));
}
