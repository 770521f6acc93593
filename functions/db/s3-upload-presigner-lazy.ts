/**
 * The S3 upload presigner, loaded on first use: only agency analysts with a large file need it, so a
 * console cold start should not pay for evaluating the S3 client (esbuild keeps the dynamically
 * imported module inline in the bundle but initialises it lazily).
 */
import type { UploadPresigner } from '../services/campaigns/presign-upload';

export function lazyS3UploadPresigner(bucket: string): UploadPresigner {
  let loaded: Promise<UploadPresigner> | undefined;
  return {
    bucket,
    async presignPut(req) {
      loaded ??= import('./s3-upload-presigner').then((m) => m.s3UploadPresigner(bucket));
      return (await loaded).presignPut(req);
    },
  };
}
