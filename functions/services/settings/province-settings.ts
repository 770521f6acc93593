/**
 * Use cases: a province's score-shaping settings (score mapping, integrity defaults, how far
 * behind units see their own figures). Everyone in the province reads them (the mapping is part
 * of how its scores are computed), the quiet limits, opening hours and unit networks only the
 * province and the auditors (`integrity:read`); only the province level writes, one new audited
 * version at a time, never over another writer's version.
 */
import { OutOfScopeError, type Principal, requireAction } from '../../domain/access';
import { type AuditEntry, auditEntry } from '../../domain/audit';
import { ConflictError } from '../../domain/errors';
import { provinceSettingsForViewer } from '../../domain/integrity/visibility';
import { defaultProvinceSettings, type ProvinceSettings } from '../../domain/province-settings';
import type { Clock } from '../ports';

export interface ProvinceSettingsStore {
  /** The newest saved version, if any. */
  current(provinceId: string): Promise<ProvinceSettings | undefined>;
  /** Every saved version, newest first. */
  versions(provinceId: string): Promise<ProvinceSettings[]>;
  /** Saves a new version with its audit entry; false when that version exists already. */
  putVersion(s: ProvinceSettings, audit: AuditEntry): Promise<boolean>;
}

export interface ProvinceSettingsDeps {
  store: ProvinceSettingsStore;
  clock: Clock;
  newId: () => string;
}

const provinceOfPrincipal = (p: Principal): string => p.scopePath.split('/')[0]!;

/** The settings in force for a province: the newest version, or the built-in defaults (version 0). */
export async function settingsInForce(
  store: Pick<ProvinceSettingsStore, 'current'>,
  provinceId: string,
): Promise<ProvinceSettings> {
  return (await store.current(provinceId)) ?? defaultProvinceSettings(provinceId);
}

function requireReader(p: Principal, provinceId: string): void {
  requireAction(p, 'org:read');
  if (provinceOfPrincipal(p) !== provinceId) throw new OutOfScopeError();
}

/**
 * The settings in force (anyone in the province; the quiet limits, opening hours and unit networks
 * only for `integrity:read`).
 */
export async function getProvinceSettings(deps: ProvinceSettingsDeps, p: Principal, provinceId: string) {
  requireReader(p, provinceId);
  return provinceSettingsForViewer(p, await settingsInForce(deps.store, provinceId));
}

/**
 * Every saved version, newest first (anyone in the province): which mapping applied when; the
 * hidden integrity fields as in `getProvinceSettings`.
 */
export async function listProvinceSettingsVersions(
  deps: ProvinceSettingsDeps,
  p: Principal,
  provinceId: string,
) {
  requireReader(p, provinceId);
  return { items: (await deps.store.versions(provinceId)).map((s) => provinceSettingsForViewer(p, s)) };
}

export type ProvinceSettingsInput = Pick<ProvinceSettings, 'scoreMapping' | 'integrity' | 'figures'> & {
  /** The version the writer read; another writer's newer version makes this a 409. */
  expectedVersion: number;
};

const staleVersion = () =>
  new ConflictError(
    'SETTINGS_VERSION_CONFLICT',
    '设置已被他人修改，请刷新后重试',
    'Someone else saved a newer version; reload and try again',
  );

/**
 * 1. Requires `settings:write` (province level only) with the province itself as scope.
 * 2. Requires `expectedVersion` to be the version in force.
 * 3. Saves version + 1 with the audit entry (before and after) in one transaction, on condition
 *    that nobody saved that version meanwhile.
 */
export async function putProvinceSettings(
  deps: ProvinceSettingsDeps,
  p: Principal,
  provinceId: string,
  input: ProvinceSettingsInput,
): Promise<ProvinceSettings> {
  requireAction(p, 'settings:write');
  if (p.scopeId !== provinceId) throw new OutOfScopeError();
  const before = await settingsInForce(deps.store, provinceId);
  if (before.version !== input.expectedVersion) throw staleVersion();
  const now = deps.clock.now();
  const next: ProvinceSettings = {
    provinceId,
    version: before.version + 1,
    scoreMapping: input.scoreMapping,
    integrity: input.integrity,
    figures: input.figures,
    updatedAt: now.toISOString(),
    updatedBy: p.userId,
  };
  const shaping = (s: ProvinceSettings) => ({
    version: s.version,
    scoreMapping: s.scoreMapping,
    integrity: s.integrity,
    figures: s.figures,
  });
  const audit = auditEntry(p, now, deps.newId(), {
    action: 'province.settings',
    targetType: 'province',
    targetId: provinceId,
    targetPath: provinceId,
    before: shaping(before),
    after: shaping(next),
  });
  if (!(await deps.store.putVersion(next, audit))) throw staleVersion();
  return next;
}
