/** 撤回上传 The province withdraws a whole upload before publication. */
import type { Principal } from '../../domain/access';
import { auditEntry } from '../../domain/audit';
import { shownUploadStatus } from '../../domain/campaign';
import { ConflictError, NotFoundError } from '../../domain/errors';
import type { ConsoleContext } from '../console-ports';
import type { CampaignDeps } from './ports';
import { loadCampaign } from './scope';

/**
 * 1. Province admin of the campaign's province; the campaign must be open (not published).
 * 2. Deletes every interview the upload created and subtracts it from the aggregates, transactionally.
 * 3. Marks the upload withdrawn, with an audit entry.
 */
export async function withdrawUpload(
  deps: Pick<CampaignDeps, 'store'>,
  ctx: ConsoleContext,
  p: Principal,
  campaignId: string,
  uploadId: string,
) {
  const campaign = await loadCampaign(deps.store, p, 'campaign:manage', campaignId);
  const upload = await deps.store.getUpload(campaignId, uploadId);
  if (!upload) throw new NotFoundError('上传记录', 'Upload');
  if (upload.status === 'withdrawn') {
    throw new ConflictError('ALREADY_WITHDRAWN', '该上传已撤回', 'This upload was already withdrawn');
  }
  const now = ctx.clock.now();
  const removed = await deps.store.withdrawUpload(
    campaign,
    uploadId,
    now.toISOString(),
    auditEntry(p, now, ctx.newId(), {
      action: 'campaign.upload.withdraw',
      targetType: 'campaign',
      targetName: campaign.name['zh-CN'],
      targetId: campaignId,
      targetPath: campaign.provincePath,
      before: { uploadId, accepted: upload.accepted },
    }),
  );
  return { uploadId, removed, status: 'withdrawn' as const };
}

/** The uploads of a campaign (province view). */
export async function listUploads(
  deps: Pick<CampaignDeps, 'store'>,
  ctx: Pick<ConsoleContext, 'clock'>,
  p: Principal,
  campaignId: string,
) {
  await loadCampaign(deps.store, p, 'campaign:manage', campaignId);
  const now = ctx.clock.now();
  return (await deps.store.listUploads(campaignId)).map((u) => ({ ...u, status: shownUploadStatus(u, now) }));
}
