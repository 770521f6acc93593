/** 发布 Preview, publish, and reopen for a correction. */
import type { Principal } from '../../domain/access';
import { auditEntry } from '../../domain/audit';
import { ConflictError } from '../../domain/errors';
import { sealSnapshot } from '../../domain/scoring/snapshot';
import type { ConsoleContext } from '../console-ports';
import { computeRanking } from './compute-ranking';
import type { CampaignDeps } from './ports';
import { loadCampaign } from './scope';

/** The table as it would be published now (province only; nothing is stored). */
export async function previewRanking(
  deps: CampaignDeps,
  ctx: ConsoleContext,
  p: Principal,
  campaignId: string,
) {
  const c = await loadCampaign(deps.store, p, 'campaign:manage', campaignId);
  return computeRanking(deps, c, c.latestVersion + 1, {
    publishedAt: ctx.clock.now().toISOString(),
    publishedBy: p.userId,
  });
}

/**
 * 1. Province admin of the campaign's province.
 * 2. Computes the table as the next version and seals it with its content hash.
 * 3. Writes it with a conditional put (a version is never overwritten) and marks the campaign
 *    published at that version, with an audit entry. Uploads and withdrawals close.
 */
export async function publishSnapshot(
  deps: CampaignDeps,
  ctx: ConsoleContext,
  p: Principal,
  campaignId: string,
  note?: string,
) {
  const c = await loadCampaign(deps.store, p, 'campaign:manage', campaignId);
  if (c.status !== 'open') {
    throw new ConflictError(
      'ALREADY_PUBLISHED',
      '已发布；如需更正请先开启更正',
      'Already published; reopen it for a correction first',
    );
  }
  const now = ctx.clock.now();
  const snapshot = sealSnapshot(
    await computeRanking(deps, c, c.latestVersion + 1, {
      publishedAt: now.toISOString(),
      publishedBy: p.userId,
      note,
    }),
  );
  await deps.store.publish(
    c,
    snapshot,
    auditEntry(p, now, ctx.newId(), {
      action: 'campaign.publish',
      targetType: 'campaign',
      targetName: c.name['zh-CN'],
      targetId: c.id,
      targetPath: c.provincePath,
      after: { version: snapshot.version, contentHash: snapshot.contentHash, note },
    }),
  );
  return { version: snapshot.version, contentHash: snapshot.contentHash, publishedAt: snapshot.publishedAt };
}

/** Opens a published campaign for a correction; the next publication is a new version, old ones stay. */
export async function reopenCampaign(
  deps: Pick<CampaignDeps, 'store'>,
  ctx: ConsoleContext,
  p: Principal,
  campaignId: string,
  reason: string,
) {
  const c = await loadCampaign(deps.store, p, 'campaign:manage', campaignId);
  const now = ctx.clock.now();
  await deps.store.reopen(
    c.id,
    auditEntry(p, now, ctx.newId(), {
      action: 'campaign.reopen',
      targetType: 'campaign',
      targetName: c.name['zh-CN'],
      targetId: c.id,
      targetPath: c.provincePath,
      after: { reason, fromVersion: c.latestVersion },
    }),
  );
  return { status: 'open' as const, latestVersion: c.latestVersion };
}
