import { describe, expect, it } from 'vitest';
import { caseStreamConfig } from '../../../functions/handlers/case-stream-config';
import { escalationJobConfig } from '../../../functions/handlers/escalation-job-config';
import { importJobConfig } from '../../../functions/handlers/import-job-config';
import { monitorConfig } from '../../../functions/handlers/monitor-config';
import { rollupRecountJobConfig } from '../../../functions/handlers/rollup-recount-job-config';
import { rollupStreamConfig } from '../../../functions/handlers/rollup-stream-config';

const TABLES = {
  TABLE_DIRECTORY: 'd',
  TABLE_QUESTIONNAIRES: 'q',
  TABLE_RESPONSES: 'r',
  TABLE_SCORING: 's',
  TABLE_AUDIT: 'a',
  TABLE_QUIET_LIMITS: 'l',
};

/** Each job Lambda's config module, the function's name and the variables it cannot start without. */
const JOBS = [
  {
    name: 'escalation-job',
    parse: escalationJobConfig,
    required: ['TABLE_DIRECTORY', 'TABLE_QUESTIONNAIRES', 'TABLE_RESPONSES', 'TABLE_AUDIT'],
  },
  {
    name: 'case-stream',
    parse: caseStreamConfig,
    required: [
      'TABLE_DIRECTORY',
      'TABLE_QUESTIONNAIRES',
      'TABLE_RESPONSES',
      'TABLE_AUDIT',
      'TABLE_QUIET_LIMITS',
    ],
  },
  {
    name: 'rollup-stream',
    parse: rollupStreamConfig,
    required: ['TABLE_DIRECTORY', 'TABLE_QUESTIONNAIRES', 'TABLE_RESPONSES'],
  },
  { name: 'monitor', parse: monitorConfig, required: ['TABLE_DIRECTORY', 'TABLE_RESPONSES'] },
  {
    name: 'rollup-recount-job',
    parse: rollupRecountJobConfig,
    required: ['TABLE_DIRECTORY', 'TABLE_RESPONSES'],
  },
  {
    name: 'import-job',
    parse: importJobConfig,
    required: ['TABLE_SCORING', 'TABLE_AUDIT', 'TABLE_DIRECTORY'],
  },
] as const;

const without = (name: string, env: Record<string, string> = TABLES) =>
  Object.fromEntries(Object.entries(env).filter(([k]) => k !== name));

describe('job Lambda configuration', () => {
  it.each(JOBS)('$name starts with its tables set', ({ parse }) => {
    expect(parse(TABLES).tables).toMatchObject({ directory: 'd' });
  });

  it.each(JOBS.flatMap((j) => j.required.map((v) => ({ ...j, variable: v }))))(
    '$name fails at init without $variable, naming it',
    ({ name, parse, variable }) => {
      expect(() => parse(without(variable))).toThrow(`${name}: invalid environment: ${variable} is required`);
      expect(() => parse({ ...TABLES, [variable]: '' })).toThrow(`${variable} is required`);
    },
  );

  it('repairs, over 40 days with 30 s between passes, unless the deployment says otherwise', () => {
    expect(rollupRecountJobConfig(TABLES).settings).toEqual({ repair: true, days: 40, settleMs: 30_000 });
    expect(
      rollupRecountJobConfig({ ...TABLES, ROLLUP_RECOUNT_REPAIR: 'false', ROLLUP_RECOUNT_DAYS: '7' })
        .settings,
    ).toMatchObject({ repair: false, days: 7 });
    expect(() => rollupRecountJobConfig({ ...TABLES, ROLLUP_RECOUNT_REPAIR: 'yes' })).toThrow(
      'ROLLUP_RECOUNT_REPAIR must be true or false',
    );
  });

  it('names every missing variable at once', () => {
    expect(() => monitorConfig({})).toThrow(
      'monitor: invalid environment: TABLE_DIRECTORY is required; TABLE_RESPONSES is required',
    );
  });

  it('reads the monitor thresholds, 30 days and 50 responses by default, and refuses a non-integer', () => {
    expect(monitorConfig(TABLES).settings).toEqual({ days: 30, minResponses: 50 });
    expect(
      monitorConfig({ ...TABLES, MONITOR_NO_BAD_REVIEW_DAYS: '14', MONITOR_MIN_RESPONSES: '' }).settings,
    ).toEqual({ days: 14, minResponses: 50 });
    expect(() => monitorConfig({ ...TABLES, MONITOR_MIN_RESPONSES: '5.5' })).toThrow(
      'MONITOR_MIN_RESPONSES must be a positive integer',
    );
  });

  it.each([escalationJobConfig, caseStreamConfig])('checks the case settings at init (%#)', (parse) => {
    const settings = parse({ ...TABLES, CASE_RESOLVE_DAYS: '{"default":5,"130000":3}' }).settings;
    expect(settings.deadlines.default.resolveWorkingDays).toBe(5);
    expect(settings.deadlines.byProvince).toEqual({ '130000': { resolveWorkingDays: 3 } });
    expect(() => parse({ ...TABLES, CASE_RESOLVE_DAYS: '{default:5}' })).toThrow(
      /CASE_RESOLVE_DAYS must be JSON/,
    );
    expect(() => parse({ ...TABLES, CASE_RESOLVE_DAYS: '{"default":0}' })).toThrow(/CASE_RESOLVE_DAYS/);
    expect(() => parse({ ...TABLES, CONTACT_RETENTION_DAYS: 'thirty' })).toThrow(
      'CONTACT_RETENTION_DAYS must be a positive integer',
    );
    expect(() => parse({ ...TABLES, HOLIDAY_CALENDAR: '{"years":1}' })).toThrow();
  });

  it('passes the case stream its KMS key when one is set', () => {
    expect(caseStreamConfig(TABLES).contactKeyArn).toBeUndefined();
    expect(caseStreamConfig({ ...TABLES, CONTACT_KEY_ARN: 'arn:k' }).contactKeyArn).toBe('arn:k');
  });
});
