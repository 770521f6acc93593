/** 第三方数据上传 An agency analyst uploads a file of interviews to the campaign that commissioned them. */
import type { Principal } from '../../domain/access';
import { shownUploadStatus, type Upload } from '../../domain/campaign';
import { ConflictError, NotFoundError } from '../../domain/errors';
import type { ConsoleContext } from '../console-ports';
import { type ImportFile, type ImportOptions, importFile } from './import/run-import';
import type { CampaignDeps } from './ports';
import { countiesOf, loadCampaign } from './scope';

/**
 * The pending record of a direct-upload ticket, checked before the file is imported under its id:
 * issued to this analyst for this file, for the direct path, and not used yet.
 */
async function claimTicket(
  deps: Pick<CampaignDeps, 'store'>,
  p: Principal,
  campaignId: string,
  uploadId: string,
  fileName: string,
): Promise<Upload> {
  const ticket = await deps.store.getUpload(campaignId, uploadId);
  if (!ticket || ticket.uploadedBy !== p.userId) throw new NotFoundError('上传申请', 'Upload ticket');
  if (ticket.status !== 'pending' || ticket.via !== 'direct') {
    throw new ConflictError(
      'UPLOAD_TICKET_USED',
      '该上传申请已使用或须经存储桶上传，请重新选择文件上传',
      'This upload ticket was used already or belongs to the bucket path; choose the file again',
    );
  }
  if (ticket.fileName !== fileName) {
    throw new ConflictError(
      'UPLOAD_TICKET_MISMATCH',
      '上传的文件与申请时的文件名不一致',
      'The file name differs from the one the ticket was issued for',
    );
  }
  return ticket;
}

/**
 * 1. The analyst's agency must be the campaign's; the campaign must be open.
 * 2. With a ticket (`uploadId` from {@link requestUpload}), imports under the ticket's id, so the
 *    page that polls that id sees the progress; without one, under a new id.
 * 3. Runs the shared import (validate every row, write valid ones with their aggregates).
 * 4. Returns the upload with its counts; the error report is downloadable separately.
 */
export async function uploadFile(
  deps: Pick<CampaignDeps, 'store' | 'org'>,
  ctx: ConsoleContext,
  p: Principal,
  campaignId: string,
  file: ImportFile,
  limits?: ImportOptions['limits'],
  ticketId?: string,
) {
  const campaign = await loadCampaign(deps.store, p, 'campaign:upload', campaignId);
  if (campaign.status !== 'open') {
    throw new ConflictError(
      'CAMPAIGN_PUBLISHED',
      '测评结果已发布，不再接受上传',
      'The campaign is published; uploads are closed',
    );
  }
  const pending = ticketId ? await claimTicket(deps, p, campaignId, ticketId, file.fileName) : undefined;
  const counties = new Set((await countiesOf(deps.org, campaign.provinceId)).map((c) => c.id));
  return importFile(deps.store, campaign, file, {
    uploadId: pending?.uploadId ?? ctx.newId(),
    pending,
    uploadedBy: p.userId,
    now: () => ctx.clock.now(),
    counties,
    limits,
  });
}

/** The analyst's view of one of their uploads (progress and counts). */
export async function getUpload(
  deps: Pick<CampaignDeps, 'store'>,
  ctx: Pick<ConsoleContext, 'clock'>,
  p: Principal,
  campaignId: string,
  uploadId: string,
) {
  await loadCampaign(deps.store, p, 'campaign:upload', campaignId);
  const u = await deps.store.getUpload(campaignId, uploadId);
  if (!u) throw new NotFoundError('上传记录', 'Upload');
  return {
    ...u,
    status: shownUploadStatus(u, ctx.clock.now()),
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
