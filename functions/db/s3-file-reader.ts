/** Reads uploaded files from S3 (the agency-upload bucket); db/ is the only place that talks to AWS SDKs. */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';

export interface FileReader {
  read(bucket: string, key: string): Promise<Uint8Array>;
}

export function s3FileReader(client = new S3Client({})): FileReader {
  return {
    async read(Bucket, Key) {
      const res = await client.send(new GetObjectCommand({ Bucket, Key }));
      if (!res.Body) throw new Error(`s3://${Bucket}/${Key} has no body`);
      return res.Body.transformToByteArray();
    },
  };
}
