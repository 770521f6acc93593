/** 测评活动设置 A province admin sets up a campaign. */
import { OutOfScopeError, type Principal, requireAction } from '../../domain/access';
import { auditEntry } from '../../domain/audit';
import { type Campaign, type CampaignSettings, settingsProblems } from '../../domain/campaign';
import { ValidationError } from '../../domain/errors';
import type { ConsoleContext } from '../console-ports';
import type { CampaignDeps } from './ports';

export interface CreateCampaignInput extends CampaignSettings {
  provinceId: string;
}

/**
 * 1. Only a province admin of that very province may set it up.
 * 2. Cross-field rules: weights sum to 1, one question per indicator, a sane period.
 * 3. Stores the campaign (status open, version 0) and its agency with an audit entry.
 */
export async function createCampaign(
  deps: Pick<CampaignDeps, 'store' | 'org'>,
  ctx: ConsoleContext,
  p: Principal,
  input: CreateCampaignInput,
): Promise<Campaign> {
  requireAction(p, 'campaign:manage');
  const province = (await deps.org.getNodes([input.provinceId])).get(input.provinceId);
  if (province?.kind !== 'province' || p.scopeId !== province.id) throw new OutOfScopeError();
  const { provinceId, ...settings } = input;
  const problems = settingsProblems(settings);
  if (problems.length > 0) throw new ValidationError(problems.map((x) => ({ ...x, code: 'invalid_value' })));
  const now = ctx.clock.now();
  const campaign: Campaign = {
    ...settings,
    id: ctx.newId(),
    provinceId,
    provincePath: province.path,
    status: 'open',
    latestVersion: 0,
    createdAt: now.toISOString(),
    createdBy: p.userId,
  };
  await deps.store.createCampaign(
    campaign,
    auditEntry(p, now, ctx.newId(), {
      action: 'campaign.create',
      targetType: 'campaign',
      targetName: campaign.name['zh-CN'],
      targetId: campaign.id,
      targetPath: province.path,
      after: campaign,
    }),
  );
  return campaign;
}
