/** 第三方数据上传 An agency analyst uploads a file of interviews to the campaign that commissioned them. */
import type { Principal } from '../../domain/access';
import { ConflictError } from '../../domain/errors';
import type { ConsoleContext } from '../console-ports';
import { type ImportFile, type ImportOptions, importFile } from './import/run-import';
import type { CampaignDeps } from './ports';
import { countiesOf, loadCampaign } from './scope';

/**
 * 1. The analyst's agency must be the campaign's; the campaign must be open.
 * 2. Runs the shared import (validate every row, write valid ones with their aggregates).
 * 3. Returns the upload with its counts; the error report is downloadable separately.
 */
export async function uploadFile(
  deps: Pick<CampaignDeps, 'store' | 'org'>,
  ctx: ConsoleContext,
  p: Principal,
  campaignId: string,
  file: ImportFile,
  limits?: ImportOptions['limits'],
) {
  const campaign = await loadCampaign(deps.store, p, 'campaign:upload', campaignId);
  if (campaign.status !== 'open') {
    throw new ConflictError(
      'CAMPAIGN_PUBLISHED',
      '测评结果已发布，不再接受上传',
      'The campaign is published; uploads are closed',
    );
  }
  const counties = new Set((await countiesOf(deps.org, campaign.provinceId)).map((c) => c.id));
  return importFile(deps.store, campaign, file, {
    uploadId: ctx.newId(),
    uploadedBy: p.userId,
    now: () => ctx.clock.now(),
    counties,
    limits,
  });
}

/** The analyst's view of one of their uploads (progress and counts). */
export async function getUpload(
  deps: Pick<CampaignDeps, 'store'>,
  p: Principal,
  campaignId: string,
  uploadId: string,
) {
  await loadCampaign(deps.store, p, 'campaign:upload', campaignId);
  const u = await deps.store.getUpload(campaignId, uploadId);
  if (!u) throw new ConflictError('NOT_FOUND', '未找到上传记录', 'Upload not found');
  return {
    ...u,
    progress: u.validRows > 0 ? Math.min(1, u.processed / u.validRows) : u.status === 'done' ? 1 : 0,
  };
}

/** The per-row error report (CSV) of an upload. */
export async function getErrorReport(
  deps: Pick<CampaignDeps, 'store'>,
  p: Principal,
  campaignId: string,
  uploadId: string,
) {
  await loadCampaign(deps.store, p, 'campaign:upload', campaignId);
  return (
    (await deps.store.getErrorReport(campaignId, uploadId)) ?? '\uFEFFline,column,value,reason,reason_en\r\n'
  );
}
