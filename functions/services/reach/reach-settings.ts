/** Use cases: a province reads and sets its reach settings (SMS timing, push endpoint). */
import { OutOfScopeError, type Principal, requireAction } from '../../domain/access';
import { auditEntry } from '../../domain/audit';
import { defaultReachSettings, type ReachSettings } from '../../domain/reach/settings';
import type { Clock } from '../ports';
import type { ReachStore } from './ports';

export interface ReachSettingsDeps {
  store: Pick<ReachStore, 'getSettings' | 'putSettings'>;
  clock: Clock;
  newId: () => string;
}

const provinceOfPrincipal = (p: Principal): string => p.scopePath.split('/')[0]!;

/** Anyone in the province may read its settings (they say when citizens are invited). */
export async function getReachSettings(
  deps: ReachSettingsDeps,
  p: Principal,
  provinceId: string,
): Promise<ReachSettings> {
  requireAction(p, 'org:read');
  if (provinceOfPrincipal(p) !== provinceId) throw new OutOfScopeError();
  return (await deps.store.getSettings(provinceId)) ?? defaultReachSettings(provinceId);
}

/**
 * 1. Requires `settings:write` (province admins only: a rated unit never times its own
 *    invitations or chooses where its ratings go) and the province itself as scope.
 * 2. Stores the settings with an audit entry (before and after) in one transaction.
 */
export async function putReachSettings(
  deps: ReachSettingsDeps,
  p: Principal,
  provinceId: string,
  body: Pick<ReachSettings, 'sms' | 'push'>,
): Promise<ReachSettings> {
  requireAction(p, 'settings:write');
  if (p.scopeId !== provinceId) throw new OutOfScopeError();
  const before = (await deps.store.getSettings(provinceId)) ?? defaultReachSettings(provinceId);
  const now = deps.clock.now();
  const next: ReachSettings = {
    provinceId,
    sms: body.sms,
    push: body.push,
    updatedAt: now.toISOString(),
    updatedBy: p.userId,
  };
  await deps.store.putSettings(
    next,
    auditEntry(p, now, deps.newId(), {
      action: 'reach.settings',
      targetType: 'province',
      targetId: provinceId,
      targetPath: provinceId,
      before: { sms: before.sms, push: before.push },
      after: { sms: next.sms, push: next.push },
    }),
  );
  return next;
}
