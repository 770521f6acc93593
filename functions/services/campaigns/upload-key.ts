/**
 * Object keys of agency uploads in the upload bucket: `uploads/{campaignId}/{uploadId}/{analystId}/{fileName}`.
 * The console builds them when it presigns a PUT; the import job parses them from the S3 event.
 * Both live here so that the two can never disagree (the CDK prefix is checked against UPLOAD_KEY_PREFIX).
 */

/** Key prefix of agency uploads (the S3 notification of the import job filters on it). */
export const UPLOAD_KEY_PREFIX = 'uploads/';

const ID = /^[0-9A-Za-z-]{1,64}$/;
const SEGMENT = /^[^/]{1,80}$/;
const FILE = /^[^/]{1,200}$/;
const KEY = /^uploads\/([0-9A-Za-z-]{1,64})\/([0-9A-Za-z-]{1,64})\/([^/]{1,80})\/([^/]{1,200})$/;

export interface UploadKeyParts {
  campaignId: string;
  uploadId: string;
  /** The analyst the console issued the URL to (`Principal.userId`). */
  uploadedBy: string;
  fileName: string;
}

/** The key of an upload; throws on a part the parser would not read back (never issue such a URL). */
export function uploadObjectKey(p: UploadKeyParts): string {
  if (
    !ID.test(p.campaignId) ||
    !ID.test(p.uploadId) ||
    !SEGMENT.test(p.uploadedBy) ||
    !FILE.test(p.fileName)
  ) {
    throw new Error('upload key part out of shape');
  }
  return `${UPLOAD_KEY_PREFIX}${p.campaignId}/${p.uploadId}/${p.uploadedBy}/${p.fileName}`;
}

/**
 * Parses a key as S3 events carry it (URL-encoded, spaces as `+`); undefined for anything else
 * (ignored, never guessed at).
 */
export function parseUploadKey(key: string): UploadKeyParts | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
  const m = KEY.exec(decoded);
  return m ? { campaignId: m[1]!, uploadId: m[2]!, uploadedBy: m[3]!, fileName: m[4]! } : undefined;
}
