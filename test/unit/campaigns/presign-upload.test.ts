/**
 * The upload ticket: who may announce a file, what the presigned URL allows, and what is recorded
 * before the URL leaves the server. Signing is offline, so the real S3 presigner runs here with
 * made-up credentials.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { s3UploadPresigner } from '../../../functions/db/s3-upload-presigner';
import type { Principal } from '../../../functions/domain/access';
import type { Campaign, Upload } from '../../../functions/domain/campaign';
import { AppError } from '../../../functions/domain/errors';
import { IMPORT_LIMITS } from '../../../functions/services/campaigns/import/run-import';
import {
  PRESIGN_EXPIRY_SECONDS,
  requestUpload,
  type UploadPresigner,
  type UploadRequest,
} from '../../../functions/services/campaigns/presign-upload';
import { parseUploadKey, uploadObjectKey } from '../../../functions/services/campaigns/upload-key';
import { campaignOf } from '../../fixtures/campaign';

const BUCKET = 'kmpj-prod-uploads-123456789012-cn-north-1';
const NOW = new Date('2026-11-20T08:00:00.000Z');
const MB = 1024 * 1024;

const analyst = (over: Partial<Principal> = {}): Principal => ({
  userId: 'analyst-7',
  name: '测评机构 · 陈静',
  role: 'agency_analyst',
  scopeId: 'AGENCY-01',
  scopePath: 'AGENCY-01',
  ...over,
});

function world(campaigns: Campaign[] = [campaignOf({ id: 'camp-1' })]) {
  const uploads = new Map<string, Upload>();
  const store = {
    getCampaign: async (id: string) => campaigns.find((c) => c.id === id),
    putUpload: async (u: Upload) => {
      uploads.set(u.uploadId, u);
    },
  };
  let n = 0;
  const ctx = { clock: { now: () => NOW }, newId: () => `up-${++n}` };
  return { store, uploads, ctx };
}

const offlineS3 = () =>
  s3UploadPresigner(
    BUCKET,
    new S3Client({
      region: 'cn-north-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
    }),
  );

const csv = (sizeBytes: number, over: Partial<UploadRequest> = {}): UploadRequest => ({
  fileName: '第四季度 访问数据.csv',
  sizeBytes,
  contentType: 'text/csv',
  ...over,
});

/** The AppError a promise rejects with (fails the test when it resolves). */
async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('presigned upload tickets', () => {
  it('signs a PUT of exactly this size and type to the campaign/upload/analyst key, for five minutes', async () => {
    const w = world();
    const t = await requestUpload({ store: w.store, presigner: offlineS3() }, w.ctx, analyst(), 'camp-1', {
      ...csv(5 * MB),
    });
    expect(t.via).toBe('s3');
    if (t.via !== 's3') return;
    const url = new URL(t.url);
    expect(url.hostname).toBe(`${BUCKET}.s3.cn-north-1.amazonaws.com.cn`);
    expect(decodeURIComponent(url.pathname)).toBe('/uploads/camp-1/up-1/analyst-7/第四季度 访问数据.csv');
    expect(url.searchParams.get('X-Amz-Expires')).toBe(String(PRESIGN_EXPIRY_SECONDS));
    expect(PRESIGN_EXPIRY_SECONDS).toBeLessThanOrEqual(900);
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual([
      'content-length',
      'content-type',
      'host',
    ]);
    // A checksum of the empty body would make S3 refuse the browser's PUT.
    expect([...url.searchParams.keys()].filter((k) => k.startsWith('x-amz-checksum'))).toEqual([]);
    expect(t.headers).toEqual({ 'Content-Type': 'text/csv', 'Content-Length': String(5 * MB) });
    expect(t.expiresAt).toBe('2026-11-20T08:05:00.000Z');
  });

  it('records the upload as pending under the same id before the URL is handed out', async () => {
    const w = world();
    const seenAtSigning: (Upload | undefined)[] = [];
    const presigner: UploadPresigner = {
      bucket: BUCKET,
      presignPut: async (req) => {
        seenAtSigning.push(w.uploads.get('up-1'));
        return { url: `https://example.test/${req.key}`, headers: {} };
      },
    };
    const t = await requestUpload({ store: w.store, presigner }, w.ctx, analyst(), 'camp-1', csv(3 * MB));
    expect(seenAtSigning[0]).toMatchObject({
      uploadId: t.uploadId,
      campaignId: 'camp-1',
      status: 'pending',
      via: 's3',
      uploadedBy: 'analyst-7',
      sizeBytes: 3 * MB,
      processed: 0,
    });
    // The import job finds the ticket from the key it is notified of.
    const key = new URL((t as { url: string }).url).pathname.slice(1);
    expect(parseUploadKey(key)).toMatchObject({ campaignId: 'camp-1', uploadId: t.uploadId });
  });

  it('points small files, and every file where there is no bucket, to the direct route', async () => {
    const w = world();
    const small = await requestUpload(
      { store: w.store, presigner: offlineS3() },
      w.ctx,
      analyst(),
      'camp-1',
      {
        ...csv(200_000),
      },
    );
    expect(small).toMatchObject({
      via: 'direct',
      method: 'POST',
      path: '/campaigns/camp-1/uploads?uploadId=up-1',
    });
    const local = await requestUpload({ store: w.store }, w.ctx, analyst(), 'camp-1', csv(40 * MB));
    expect(local).toMatchObject({ via: 'direct', method: 'POST' });
    expect((local as { messageEn: string }).messageEn).toMatch(/no upload bucket/i);
    expect(w.uploads.get(local.uploadId)).toMatchObject({ status: 'pending', via: 'direct' });
  });

  it('refuses an analyst of another agency, and stores nothing', async () => {
    const w = world();
    const err = await refusal(
      requestUpload(
        { store: w.store, presigner: offlineS3() },
        w.ctx,
        analyst({ scopeId: 'AGENCY-02', scopePath: 'AGENCY-02' }),
        'camp-1',
        csv(5 * MB),
      ),
    );
    expect(err.status).toBe(404);
    expect(w.uploads.size).toBe(0);
  });

  it('refuses another agency’s campaign and a campaign that does not exist', async () => {
    const w = world([campaignOf({ id: 'camp-1' }), campaignOf({ id: 'camp-2', agencyId: 'AGENCY-09' })]);
    const deps = { store: w.store, presigner: offlineS3() };
    expect((await refusal(requestUpload(deps, w.ctx, analyst(), 'camp-2', csv(5 * MB)))).status).toBe(404);
    expect((await refusal(requestUpload(deps, w.ctx, analyst(), 'camp-404', csv(5 * MB)))).status).toBe(404);
    expect(w.uploads.size).toBe(0);
  });

  it('refuses staff who are not agency analysts, even the province admin', async () => {
    const w = world();
    const admin = analyst({ role: 'province_admin', scopeId: '130000', scopePath: '130000' });
    const err = await refusal(requestUpload({ store: w.store }, w.ctx, admin, 'camp-1', csv(5 * MB)));
    expect(err.status).toBe(403);
  });

  it('closes uploads once the campaign is published', async () => {
    const w = world([campaignOf({ id: 'camp-1', status: 'published', latestVersion: 1 })]);
    const err = await refusal(
      requestUpload({ store: w.store, presigner: offlineS3() }, w.ctx, analyst(), 'camp-1', csv(5 * MB)),
    );
    expect(err).toMatchObject({ status: 409, code: 'CAMPAIGN_PUBLISHED' });
    expect(w.uploads.size).toBe(0);
  });

  it('refuses by its size a file larger than 200 000 rows can be, before signing anything', async () => {
    const w = world();
    let signed = 0;
    const presigner: UploadPresigner = {
      bucket: BUCKET,
      presignPut: async () => {
        signed++;
        return { url: 'https://example.test/', headers: {} };
      },
    };
    const err = await refusal(
      requestUpload(
        { store: w.store, presigner },
        w.ctx,
        analyst(),
        'camp-1',
        csv(IMPORT_LIMITS.maxBytes + 1),
      ),
    );
    expect(err.status).toBe(400);
    expect(err.details?.[0]).toMatchObject({ field: 'sizeBytes', code: 'FILE_TOO_LARGE' });
    expect(err.details?.[0]?.messageEn).toContain(String(IMPORT_LIMITS.maxBytes));
    expect(signed).toBe(0);
    expect(w.uploads.size).toBe(0);
    // The limit itself is accepted.
    await requestUpload(
      { store: w.store, presigner },
      w.ctx,
      analyst(),
      'camp-1',
      csv(IMPORT_LIMITS.maxBytes),
    );
    expect(signed).toBe(1);
  });

  it('refuses a content type that does not fit the extension', async () => {
    const w = world();
    const err = await refusal(
      requestUpload({ store: w.store }, w.ctx, analyst(), 'camp-1', csv(1000, { fileName: 'a.xlsx' })),
    );
    expect(err.details?.[0]).toMatchObject({ field: 'contentType' });
  });
});

describe('upload object keys', () => {
  it('read back from an S3 event, which encodes spaces as + and other characters as %XX', () => {
    const parts = {
      campaignId: 'c-1',
      uploadId: 'u-1',
      uploadedBy: 'analyst-7',
      fileName: '访问 数据+1.csv',
    };
    const key = uploadObjectKey(parts);
    const asEvent = encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
    expect(parseUploadKey(asEvent)).toEqual(parts);
  });

  it('are never built from a part the parser would not read back', () => {
    expect(() =>
      uploadObjectKey({ campaignId: 'c-1', uploadId: 'u-1', uploadedBy: 'a/b', fileName: 'x.csv' }),
    ).toThrow();
    expect(parseUploadKey('uploads/c-1/u-1/a/b/x.csv')).toBeUndefined();
    expect(parseUploadKey('other/c-1/u-1/a/x.csv')).toBeUndefined();
    expect(parseUploadKey('uploads/c-1/u-1/a/%E0%A4%A.csv')).toBeUndefined();
  });
});
