/**
 * Who may see how far a ballot stuffer can go unseen. The quiet limits, the opening hours and the
 * unit network ranges would tell a rated unit exactly how many ballots it can add before any is
 * quarantined, so only principals with `integrity:read` (the province admin and the auditor) see
 * them. Everyone else reads questionnaires, province settings and audit entries without these
 * fields, told which are hidden, and may not send them: a questionnaire they edit keeps the values
 * it has, and a request that names one of these fields is refused whatever its value (accepting an
 * equal value would let a unit find the limits by trying).
 */
import type { QuestionnaireContent, QuestionnaireSettings } from '../../schemas/questionnaire';
import { type Principal, roleAllows } from '../access';
import { changedShapingFields, requireShapingAuthority, SettingsAuthorityError } from '../score-settings';

/** The integrity settings shown to `integrity:read` only. */
export const HIDDEN_SETTINGS = ['limits', 'openingHours', 'unitNetworks'] as const;
export type HiddenSetting = (typeof HIDDEN_SETTINGS)[number];

export const seesIntegrity = (p: Principal): boolean => roleAllows(p.role, 'integrity:read');

/** The settings without the hidden fields, and the names of those it held. */
export function withoutHiddenSettings<S extends Partial<QuestionnaireSettings>>(
  settings: S,
): { settings: S; hidden: HiddenSetting[] } {
  const hidden = HIDDEN_SETTINGS.filter((k) => settings[k] !== undefined);
  if (hidden.length === 0) return { settings, hidden };
  const out = { ...settings };
  for (const k of hidden) delete out[k];
  return { settings: out, hidden };
}

/**
 * A questionnaire version's content as `p` may read it; `hiddenSettings` names what was taken
 * out (absent when nothing was).
 */
export function contentForViewer<V extends { content: QuestionnaireContent }>(
  p: Principal,
  version: V,
): V & { hiddenSettings?: HiddenSetting[] } {
  if (seesIntegrity(p) || !version.content.settings) return version;
  const { settings, hidden } = withoutHiddenSettings(version.content.settings);
  if (hidden.length === 0) return version;
  return { ...version, content: { ...version.content, settings }, hiddenSettings: hidden };
}

/** A province's settings as `p` may read them (the integrity defaults without the hidden fields). */
export function provinceSettingsForViewer<S extends { integrity: QuestionnaireSettings }>(
  p: Principal,
  s: S,
): S & { hiddenSettings?: HiddenSetting[] } {
  if (seesIntegrity(p)) return s;
  const { settings, hidden } = withoutHiddenSettings(s.integrity);
  return hidden.length === 0 ? s : { ...s, integrity: settings, hiddenSettings: hidden };
}

/**
 * Any recorded value (an audit entry's before and after) as `p` may read it: every object held
 * under a `settings` or `integrity` key loses the hidden fields, at any depth.
 */
export function redactForViewer<T>(p: Principal, value: T): T {
  if (seesIntegrity(p)) return value;
  const walk = (x: unknown, underSettings: boolean): unknown => {
    if (Array.isArray(x)) return x.map((y) => walk(y, false));
    if (!x || typeof x !== 'object') return x;
    const entries = Object.entries(x).filter(
      ([k]) => !(underSettings && (HIDDEN_SETTINGS as readonly string[]).includes(k)),
    );
    return Object.fromEntries(entries.map(([k, y]) => [k, walk(y, k === 'settings' || k === 'integrity')]));
  };
  return walk(value, false) as T;
}

/**
 * Checks the content `p` sends to replace `base` (none: a new questionnaire) and returns what is
 * stored:
 * 1. `p` sees the hidden fields: the content as sent, under the score-shaping check
 *    (`requireShapingAuthority`: below the province level nothing score-shaping may change).
 * 2. Otherwise the hidden fields of `base` are carried over, so content read without them is saved
 *    back unchanged, and the score-shaping check applies to the result; a hidden field in the
 *    request itself is refused with 403 naming it, whatever its value.
 */
export function settledContent(
  p: Principal,
  next: QuestionnaireContent,
  base: QuestionnaireContent | undefined,
): QuestionnaireContent {
  if (seesIntegrity(p)) {
    requireShapingAuthority(p, next, base);
    return next;
  }
  const sent = HIDDEN_SETTINGS.filter((k) => next.settings?.[k] !== undefined).map((k) => `settings.${k}`);
  const kept = HIDDEN_SETTINGS.filter((k) => base?.settings?.[k] !== undefined);
  let out = next;
  if (kept.length > 0 && sent.length === 0) {
    const settings = { ...next.settings } as Record<string, unknown>;
    for (const k of kept) settings[k] = base!.settings![k];
    out = { ...next, settings: settings as QuestionnaireSettings };
  }
  if (roleAllows(p.role, 'settings:write')) return out;
  const refused = [...new Set([...changedShapingFields(out, base), ...sent])];
  if (refused.length > 0) throw new SettingsAuthorityError(refused);
  return out;
}
