/**
 * The province settings form as data: the form's text values from a saved version, the request
 * body from the form's values, and the problems the server's own schema finds in it, per field
 * path (the same `a.b.c` paths the API names in `error.details`), in Chinese and English. Pure,
 * so it is unit-tested in Node.
 */
import * as v from 'valibot';
import { DEFAULT_LIMITS, type QuietLimits } from '../../functions/domain/integrity/settings';
import type { ProvinceSettings } from '../../functions/domain/province-settings';
import {
  type ProvinceSettingsBody,
  ProvinceSettingsBodySchema,
} from '../../functions/schemas/province-settings';
import type { QuestionnaireSettings } from '../../functions/schemas/questionnaire';

/** The quiet limits in the order the form shows them. */
export const LIMIT_KEYS = Object.keys(DEFAULT_LIMITS) as (keyof QuietLimits)[];

/** What the form holds: text of every number field, the switches, one CIDR range a line. */
export interface SettingsForm {
  /** Level 1 (非常不满意) to level 5 (非常满意). */
  mapping: string[];
  cutoff: string;
  ballotStatic: boolean;
  ballotRotating: boolean;
  ballotOneTime: boolean;
  altcha: boolean;
  rotatingSeconds: string;
  rotatingFillMinutes: string;
  /** Empty: the deployment's default. */
  limits: Partial<Record<keyof QuietLimits, string>>;
  open: string;
  close: string;
  unitNetworks: string;
}

const text = (x: number | undefined) => (x === undefined ? '' : String(x));

/** The form filled from a version. */
export function formOf(s: Pick<ProvinceSettings, 'scoreMapping' | 'integrity' | 'figures'>): SettingsForm {
  const i = s.integrity ?? {};
  const limits: SettingsForm['limits'] = {};
  for (const k of LIMIT_KEYS) limits[k] = text(i.limits?.[k]);
  return {
    mapping: s.scoreMapping.map(String),
    cutoff: String(s.figures.unitCutoffWorkingDays),
    ballotStatic: i.ballots?.static ?? true,
    ballotRotating: i.ballots?.rotating ?? false,
    ballotOneTime: i.ballots?.oneTime ?? false,
    altcha: i.altcha ?? false,
    rotatingSeconds: text(i.rotatingSeconds),
    rotatingFillMinutes: text(i.rotatingFillMinutes),
    limits,
    open: i.openingHours?.open ?? '',
    close: i.openingHours?.close ?? '',
    unitNetworks: (i.unitNetworks ?? []).join('\n'),
  };
}

/** A number field: `NaN` for text that is not a number, so the schema names the field. */
const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s.trim()));
const optionalNum = (s: string) => (s.trim() === '' ? undefined : Number(s.trim()));

/**
 * The body to send. Fields left empty are left out (the deployment's default applies); the ballot
 * modes and ALTCHA are sent when the saved version had them or they differ from the defaults.
 */
export function bodyOf(
  f: SettingsForm,
  saved: Pick<ProvinceSettings, 'integrity'>,
  expectedVersion: number,
): ProvinceSettingsBody {
  const integrity: QuestionnaireSettings = {} as QuestionnaireSettings;
  const ballots = { static: f.ballotStatic, rotating: f.ballotRotating, oneTime: f.ballotOneTime };
  if (saved.integrity?.ballots || !ballots.static || ballots.rotating || ballots.oneTime) {
    integrity.ballots = ballots;
  }
  if (saved.integrity?.altcha !== undefined || f.altcha) integrity.altcha = f.altcha;
  const rotatingSeconds = optionalNum(f.rotatingSeconds);
  if (rotatingSeconds !== undefined) integrity.rotatingSeconds = rotatingSeconds;
  const fill = optionalNum(f.rotatingFillMinutes);
  if (fill !== undefined) integrity.rotatingFillMinutes = fill;
  const limits: Partial<QuietLimits> = {};
  for (const k of LIMIT_KEYS) {
    const x = optionalNum(f.limits[k] ?? '');
    if (x !== undefined) limits[k] = x;
  }
  if (Object.keys(limits).length > 0) integrity.limits = limits;
  if (f.open || f.close) integrity.openingHours = { open: f.open, close: f.close };
  const networks = f.unitNetworks
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);
  if (networks.length > 0) integrity.unitNetworks = networks;
  return {
    scoreMapping: f.mapping.map(num) as ProvinceSettingsBody['scoreMapping'],
    integrity,
    figures: { unitCutoffWorkingDays: num(f.cutoff) },
    expectedVersion,
  };
}

/** One problem of one field, as the API's `error.details` names it. */
export interface FormIssue {
  field: string;
  message: string;
  messageEn: string;
}

type Issue = v.InferIssue<typeof ProvinceSettingsBodySchema>;

function describe(issue: Issue, field: string): Omit<FormIssue, 'field'> {
  const req = String(issue.requirement ?? '');
  switch (issue.type) {
    case 'number':
      return { message: '请填写数字', messageEn: 'Enter a number' };
    case 'integer':
      return { message: '须为整数', messageEn: 'Must be a whole number' };
    case 'min_value':
      return { message: `不能小于 ${req}`, messageEn: `Must be at least ${req}` };
    case 'max_value':
      return { message: `不能大于 ${req}`, messageEn: `Must be at most ${req}` };
    case 'regex':
      return field.startsWith('integrity.unitNetworks')
        ? { message: '须为网段，如 10.0.0.0/8', messageEn: 'Must be a CIDR range such as 10.0.0.0/8' }
        : { message: '须为 HH:MM 时间', messageEn: 'Must be a time HH:MM' };
    case 'check':
      if (field === 'scoreMapping') {
        return {
          message: '各级分值须在 0–100 之间，并从“非常不满意”到“非常满意”严格递增',
          messageEn: 'Each score must lie within 0–100 and rise strictly from level 1 to level 5',
        };
      }
      if (field === 'integrity.ballots') {
        return { message: '至少开启一种投票方式', messageEn: 'Turn on at least one ballot mode' };
      }
      return { message: issue.message, messageEn: issue.message };
    default:
      return { message: '取值无效', messageEn: issue.message };
  }
}

/** The schema's problems with `body`, one per field (the first found); empty when it may be sent. */
export function issuesOf(body: ProvinceSettingsBody): FormIssue[] {
  const r = v.safeParse(ProvinceSettingsBodySchema, body);
  if (r.success) return [];
  const seen = new Map<string, FormIssue>();
  for (const issue of r.issues) {
    const field = (issue.path ?? []).map((p) => String(p.key)).join('.') || '(body)';
    if (!seen.has(field)) seen.set(field, { field, ...describe(issue, field) });
  }
  return [...seen.values()];
}
