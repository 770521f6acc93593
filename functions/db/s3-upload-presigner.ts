/**
 * Presigned PUTs into the agency-upload bucket; db/ is the only place that talks to AWS SDKs.
 * Signing is local (no request to S3): it needs the function's credentials and region only.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { UploadPresigner } from '../services/campaigns/presign-upload';

/**
 * Content-Length and Content-Type are signed headers, so S3 refuses a PUT of any other size or type
 * (the presigner leaves Content-Type unsigned unless told). Checksums are computed only when an
 * operation requires one: a presigned PUT would otherwise carry the CRC of an empty body and fail.
 */
export function s3UploadPresigner(
  bucket: string,
  client = new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED' }),
): UploadPresigner {
  return {
    bucket,
    async presignPut({ key, contentType, contentLength, expiresInSeconds }) {
      const command = new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        ContentType: contentType,
        ContentLength: contentLength,
      });
      const url = await getSignedUrl(client, command, {
        expiresIn: expiresInSeconds,
        signableHeaders: new Set(['content-type', 'content-length']),
      });
      // Content-Length is set by the browser from the body; it is named here for other clients.
      return { url, headers: { 'Content-Type': contentType, 'Content-Length': String(contentLength) } };
    },
  };
}
