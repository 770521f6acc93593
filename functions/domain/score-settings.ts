/**
 * Who may shape a score. The score mapping and the ballot-integrity settings of a questionnaire
 * (ballot modes, proof of work, rotation, quiet limits, opening hours, unit networks) decide which
 * ballots count and what they are worth; only the province level sets them. Anyone else may write
 * questions and wording, and must leave these fields as they were (or at the deployment's defaults).
 */
import type { QuestionnaireContent } from '../schemas/questionnaire';
import { type Principal, roleAllows } from './access';
import { AppError, type FieldIssue } from './errors';

/** The mapping a questionnaire gets when nobody above the unit set one (level 1 → level 5). */
export const DEFAULT_SCORE_MAPPING = [0, 30, 60, 80, 100] as const;

const DEFAULT_BALLOTS = { static: true, rotating: false, oneTime: false };

type Shaping = Pick<QuestionnaireContent, 'scoreMapping' | 'settings'>;

/** Each score-shaping field with its value, unset ones at their defaults. */
function shapingValues(c: Shaping | undefined): Record<string, unknown> {
  const s = c?.settings;
  return {
    scoreMapping: c?.scoreMapping ?? DEFAULT_SCORE_MAPPING,
    'settings.ballots': s?.ballots ?? DEFAULT_BALLOTS,
    'settings.altcha': s?.altcha ?? false,
    'settings.rotatingSeconds': s?.rotatingSeconds,
    'settings.rotatingFillMinutes': s?.rotatingFillMinutes,
    'settings.limits': s?.limits,
    'settings.openingHours': s?.openingHours,
    'settings.unitNetworks': s?.unitNetworks,
  };
}

/** Key order does not matter: stored maps come back from DynamoDB in their own order. */
const canonical = (x: unknown): string =>
  JSON.stringify(x ?? null, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/**
 * The score-shaping fields (dotted, as in the request: `content.` is prefixed by the caller's
 * error) whose value in `next` differs from `base`; no base means the deployment's defaults.
 */
export function changedShapingFields(next: Shaping, base?: Shaping): string[] {
  const a = shapingValues(next);
  const b = shapingValues(base);
  return Object.keys(a).filter((k) => !same(a[k], b[k]));
}

/** A score-shaping field set by someone below the province level. */
export class SettingsAuthorityError extends AppError {
  readonly code = 'SETTINGS_PROVINCE_ONLY';
  readonly status = 403;
  constructor(fields: readonly string[]) {
    const details: FieldIssue[] = fields.map((f) => ({
      field: `content.${f}`,
      code: 'PROVINCE_ONLY',
      message: '评分与真实性设置只能由省级设定，单位只能编写题目和措辞',
      messageEn:
        'Scoring and integrity settings are set at province level only; units write questions and wording',
    }));
    super(
      `无权设定：${fields.join('、')}（评分与真实性设置只能由省级设定）`,
      `Not yours to set: ${fields.join(', ')} (scoring and integrity settings are province-level)`,
      { details },
    );
  }
}

/**
 * Throws `SettingsAuthorityError` naming every score-shaping field `next` changes from `base`,
 * unless the principal's role may set them (`settings:write`, province level only).
 */
export function requireShapingAuthority(p: Principal, next: Shaping, base?: Shaping): void {
  if (roleAllows(p.role, 'settings:write')) return;
  const changed = changedShapingFields(next, base);
  if (changed.length > 0) throw new SettingsAuthorityError(changed);
}
