/**
 * 上传申请 An agency analyst announces a file before sending it and gets an upload ticket: either a
 * presigned S3 PUT (in AWS, for files API Gateway could not carry) or the direct console route.
 */
import type { Principal } from '../../domain/access';
import type { Upload } from '../../domain/campaign';
import { ConflictError, ValidationError } from '../../domain/errors';
import type { ConsoleContext } from '../console-ports';
import { formatOf, IMPORT_LIMITS } from './import/run-import';
import type { CampaignStore } from './ports';
import { loadCampaign } from './scope';
import { uploadObjectKey } from './upload-key';

/** Signs one PUT of one object (S3 in AWS; absent locally, where there is no bucket). */
export interface UploadPresigner {
  /** The bucket the URLs point at. */
  readonly bucket: string;
  presignPut(req: {
    key: string;
    contentType: string;
    contentLength: number;
    expiresInSeconds: number;
  }): Promise<{ url: string; headers: Record<string, string> }>;
}

/**
 * How long a presigned URL may be used. S3 checks the expiry when the PUT starts, not when it ends,
 * so even a slow 64 MB upload fits in a short window that a leaked URL is of little use in.
 */
export const PRESIGN_EXPIRY_SECONDS = 300;

/**
 * Largest file sent through the console API itself in AWS. API Gateway refuses bodies over 10 MB
 * (base64 adds a third), and the console Lambda imports synchronously within 25 s: beyond about
 * 1 MiB (≈ 7 000 rows) the import job, with 15 minutes, is the safer path.
 */
export const DIRECT_UPLOAD_MAX_BYTES = 1024 * 1024;

/** Size limits of the two paths (tests shrink them). */
export interface UploadLimits {
  /** Largest file accepted at all (default: the import's limit). */
  maxBytes?: number;
  /** Largest file sent on the direct path when a bucket exists (default {@link DIRECT_UPLOAD_MAX_BYTES}). */
  directMaxBytes?: number;
}

export interface UploadRequest {
  fileName: string;
  sizeBytes: number;
  contentType: string;
}

/** What the console does next: PUT the file to `url`, or POST it to the direct route with `uploadId`. */
export type UploadTicket =
  | {
      uploadId: string;
      via: 's3';
      method: 'PUT';
      url: string;
      /** Headers the PUT must carry exactly (they are signed). */
      headers: Record<string, string>;
      expiresAt: string;
    }
  | {
      uploadId: string;
      via: 'direct';
      method: 'POST';
      /** The console route, relative to the console API base. */
      path: string;
      expiresAt: string;
      /** Why the direct path (zh-CN / en), for the page and for anyone reading the API. */
      message: string;
      messageEn: string;
    };

const TYPES_OF: Record<'csv' | 'xlsx', readonly string[]> = {
  csv: ['text/csv', 'text/plain', 'application/vnd.ms-excel', 'application/octet-stream'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream'],
};

/**
 * 1. The analyst's agency must be the campaign's, and the campaign still open (not published).
 * 2. Refuses, before storing anything, a file over the import's size limit (the 200 000-row cap in
 *    bytes) or whose content type does not fit its extension.
 * 3. Chooses the path: a presigned PUT when a bucket exists and the file is larger than the direct
 *    path carries; the direct console route otherwise (always locally).
 * 4. Records the upload as `pending` (so its progress can be polled at once), then signs the URL for
 *    exactly that key, size and content type, valid for {@link PRESIGN_EXPIRY_SECONDS}.
 */
export async function requestUpload(
  deps: {
    store: Pick<CampaignStore, 'getCampaign' | 'putUpload'>;
    presigner?: UploadPresigner;
    uploadLimits?: UploadLimits;
  },
  ctx: ConsoleContext,
  p: Principal,
  campaignId: string,
  req: UploadRequest,
): Promise<UploadTicket> {
  const maxBytes = deps.uploadLimits?.maxBytes ?? IMPORT_LIMITS.maxBytes;
  const directMaxBytes = deps.uploadLimits?.directMaxBytes ?? DIRECT_UPLOAD_MAX_BYTES;
  const campaign = await loadCampaign(deps.store, p, 'campaign:upload', campaignId);
  if (campaign.status !== 'open') {
    throw new ConflictError(
      'CAMPAIGN_PUBLISHED',
      '测评结果已发布，不再接受上传',
      'The campaign is published; uploads are closed',
    );
  }
  if (req.sizeBytes > maxBytes) {
    throw new ValidationError([
      {
        field: 'sizeBytes',
        code: 'FILE_TOO_LARGE',
        message: `文件过大（${req.sizeBytes} 字节，上限 ${maxBytes} 字节，约 ${IMPORT_LIMITS.maxRows} 行）`,
        messageEn: `File too large (${req.sizeBytes} bytes, limit ${maxBytes}, about ${IMPORT_LIMITS.maxRows} rows)`,
      },
    ]);
  }
  const format = formatOf(req.fileName);
  if (!format || !TYPES_OF[format].includes(req.contentType)) {
    throw new ValidationError([
      {
        field: 'contentType',
        code: 'CONTENT_TYPE_MISMATCH',
        message: '文件类型与扩展名不符（仅支持 CSV 或 XLSX）',
        messageEn: 'The content type does not match the file extension (CSV or XLSX only)',
      },
    ]);
  }

  const now = ctx.clock.now();
  const uploadId = ctx.newId();
  const expiresAt = new Date(now.getTime() + PRESIGN_EXPIRY_SECONDS * 1000).toISOString();
  const via = deps.presigner && req.sizeBytes > directMaxBytes ? 's3' : 'direct';
  const pending: Upload = {
    uploadId,
    campaignId,
    fileName: req.fileName,
    format,
    uploadedBy: p.userId,
    createdAt: now.toISOString(),
    status: 'pending',
    totalRows: 0,
    validRows: 0,
    rejectedRows: 0,
    accepted: 0,
    duplicates: 0,
    processed: 0,
    via,
    sizeBytes: req.sizeBytes,
    expiresAt,
  };
  // Built before the record is written: a user id the key cannot carry fails here, storing nothing.
  const key = uploadObjectKey({ campaignId, uploadId, uploadedBy: p.userId, fileName: req.fileName });
  await deps.store.putUpload(pending);

  if (via === 'direct' || !deps.presigner) {
    return {
      uploadId,
      via: 'direct',
      method: 'POST',
      path: `/campaigns/${campaignId}/uploads?uploadId=${uploadId}`,
      expiresAt,
      ...(deps.presigner
        ? {
            message: '小文件直接经控制台上传',
            messageEn: 'Small files go directly through the console API',
          }
        : {
            message: '本环境没有上传存储桶：请直接经控制台上传（本地运行时即如此）',
            messageEn:
              'No upload bucket here (as when running locally): upload directly through the console API',
          }),
    };
  }
  const signed = await deps.presigner.presignPut({
    key,
    contentType: req.contentType,
    contentLength: req.sizeBytes,
    expiresInSeconds: PRESIGN_EXPIRY_SECONDS,
  });
  return { uploadId, via: 's3', method: 'PUT', url: signed.url, headers: signed.headers, expiresAt };
}
