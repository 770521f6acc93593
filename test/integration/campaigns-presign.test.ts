/**
 * The two upload paths through the console API, on DynamoDB Local. In AWS an analyst announces a
 * large file, gets a presigned PUT (signed offline here with made-up credentials), S3 stores the
 * object and notifies the import job, which takes up the pending upload the console recorded; the
 * page polls that upload's progress. Small files, and every file locally, go directly to the console
 * with the ticket's id. Tickets are single-use, and objects nobody announced are never imported.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { s3UploadPresigner } from '../../functions/db/s3-upload-presigner';
import type { Upload } from '../../functions/domain/campaign';
import { consoleServices } from '../../functions/handlers/console-deps';
import { createImportJobHandler } from '../../functions/handlers/import-job-handler';
import { createConsoleApp } from '../../functions/http/console-app';
import { generateAgencyRows, toCsv } from '../../scripts/generate-agency-file';
import { b64, campaignBody, campaignDeps } from '../fixtures/campaign-stack';
import { handleWithAuthHeader } from '../fixtures/console-request';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { silentLogger } from '../fixtures/public-stack';

const V1 = '/api/console/v1/campaigns';
const BUCKET = 'kmpj-test-uploads-123456789012-cn-north-1';
/** Files above this go through S3 in these tests (the real threshold is 1 MiB). */
const DIRECT_MAX = 4096;

let stack: ConsoleStack;
let deps: ReturnType<typeof campaignDeps>;
let campaignId: string;
/** The console as deployed in AWS: with an upload bucket to presign into. */
let aws: ReturnType<typeof handleWithAuthHeader>;
/** The console as run locally: no bucket. */
let local: ReturnType<typeof handleWithAuthHeader>;
/** Objects "in S3": key → bytes, as the presigned PUT would have stored them. */
const bucket = new Map<string, Uint8Array>();
const skipped: { msg: string; extra?: object }[] = [];

const file = (counties: string[], perCounty: number, idPrefix: string) =>
  new TextEncoder().encode(toCsv(generateAgencyRows({ perCounty, counties, seed: 11, idPrefix })));

const s3Event = (key: string) =>
  ({
    Records: [
      {
        s3: {
          bucket: { name: BUCKET },
          object: { key: encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+') },
        },
      },
    ],
  }) as unknown as S3Event;

const importJob = (store = deps.store) =>
  createImportJobHandler(
    {
      files: {
        read: async (b, key) => {
          expect(b).toBe(BUCKET);
          const bytes = bucket.get(decodeURIComponent(key.replace(/\+/g, ' ')));
          if (!bytes) throw new Error(`no object ${key}`);
          return bytes;
        },
      },
      store,
      org: deps.org,
      clock: { now: () => new Date() },
    },
    (msg, extra) => skipped.push({ msg, extra }),
  );

/** The browser's PUT: S3 stores the bytes under the URL's key when size and type match the signature. */
function putToS3(url: string, headers: Record<string, string>, bytes: Uint8Array): string {
  const u = new URL(url);
  expect(u.hostname.startsWith(`${BUCKET}.`)).toBe(true);
  expect(Number(headers['Content-Length'])).toBe(bytes.length);
  const key = decodeURIComponent(u.pathname.slice(1));
  bucket.set(key, bytes);
  return key;
}

beforeAll(async () => {
  stack = await createConsoleStack();
  deps = campaignDeps(stack.db);
  const services = (presigned: boolean) =>
    consoleServices({
      client: stack.db.client,
      tables: stack.db.tables,
      qrKey: stack.qrKey,
      publicBaseUrl: 'https://pj.example.gov.cn',
      verify: stack.auth.verify,
      uploadPresigner: presigned
        ? s3UploadPresigner(
            BUCKET,
            new S3Client({
              region: 'cn-north-1',
              credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' },
              requestChecksumCalculation: 'WHEN_REQUIRED',
            }),
          )
        : undefined,
    });
  const app = (presigned: boolean) => {
    const s = services(presigned);
    return createConsoleApp({
      logger: silentLogger(),
      ...s,
      campaigns: { ...s.campaigns, uploadLimits: { directMaxBytes: DIRECT_MAX } },
    });
  };
  aws = handleWithAuthHeader(app(true), () => stack.token('agency-analyst'));
  local = handleWithAuthHeader(app(false), () => stack.token('agency-analyst'));
  const res = await stack.as('province-admin').post(V1, campaignBody({ minSample: 10 }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  campaignId = res.body.id;
}, 120_000);

describe('presigned S3 uploads (AWS)', () => {
  it('issues a PUT for a large file, shows it pending, and imports it under the same upload id', async () => {
    const bytes = file(['130102', '130628', '130681'], 30, 'S3A-');
    expect(bytes.length).toBeGreaterThan(DIRECT_MAX);
    const ticket = await aws.post(`${V1}/${campaignId}/uploads/presign`, {
      fileName: '第一批 访问.csv',
      sizeBytes: bytes.length,
      contentType: 'text/csv',
    });
    expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
    expect(ticket.body).toMatchObject({ via: 's3', method: 'PUT' });
    const uploadId: string = ticket.body.uploadId;

    const before = await aws.get(`${V1}/${campaignId}/uploads/${uploadId}`);
    expect(before.body).toMatchObject({ status: 'pending', progress: 0, via: 's3', sizeBytes: bytes.length });

    const key = putToS3(ticket.body.url, ticket.body.headers, bytes);
    const [u] = await importJob()(s3Event(key));
    expect(u).toMatchObject({ uploadId, status: 'done', totalRows: 90, accepted: 90, rejectedRows: 0 });

    const after = await aws.get(`${V1}/${campaignId}/uploads/${uploadId}`);
    expect(after.body).toMatchObject({
      status: 'done',
      progress: 1,
      accepted: 90,
      fileName: '第一批 访问.csv',
    });
    expect(after.body.createdAt).toBe(before.body.createdAt);
  }, 120_000);

  it('imports nothing a second time when S3 delivers the same event again', async () => {
    const bytes = file(['130102'], 100, 'S3B-');
    const ticket = await aws.post(`${V1}/${campaignId}/uploads/presign`, {
      fileName: 'b.csv',
      sizeBytes: bytes.length,
      contentType: 'text/csv',
    });
    const key = putToS3(ticket.body.url, ticket.body.headers, bytes);
    await importJob()(s3Event(key));
    const done = await aws.get(`${V1}/${campaignId}/uploads/${ticket.body.uploadId}`);
    expect(await importJob()(s3Event(key))).toEqual([]);
    expect(skipped.at(-1)?.extra).toMatchObject({ reason: 'upload already done' });
    expect((await aws.get(`${V1}/${campaignId}/uploads/${ticket.body.uploadId}`)).body).toEqual(done.body);
  }, 120_000);

  it('never imports an object nobody announced, or a direct ticket sent to the bucket', async () => {
    const bytes = file(['130104'], 10, 'S3C-');
    bucket.set(`uploads/${campaignId}/forged-1/agency-analyst/x.csv`, bytes);
    expect(await importJob()(s3Event(`uploads/${campaignId}/forged-1/agency-analyst/x.csv`))).toEqual([]);
    expect(skipped.at(-1)?.extra).toMatchObject({ reason: 'no upload ticket' });
    expect(await deps.store.getUpload(campaignId, 'forged-1')).toBeUndefined();

    const small = await aws.post(`${V1}/${campaignId}/uploads/presign`, {
      fileName: 'small.csv',
      sizeBytes: 100,
      contentType: 'text/csv',
    });
    expect(small.body.via).toBe('direct');
    const key = `uploads/${campaignId}/${small.body.uploadId}/agency-analyst/small.csv`;
    bucket.set(key, bytes);
    expect(await importJob()(s3Event(key))).toEqual([]);
    expect(skipped.at(-1)?.extra).toMatchObject({ reason: 'object does not match its upload ticket' });
    expect((await deps.store.getUpload(campaignId, small.body.uploadId))?.status).toBe('pending');
  });

  it('writes progress while it reads and while it writes, for the page to poll', async () => {
    const bytes = file(['130102', '130104', '130628', '130681'], 30, 'S3D-');
    const ticket = await aws.post(`${V1}/${campaignId}/uploads/presign`, {
      fileName: 'd.csv',
      sizeBytes: bytes.length,
      contentType: 'text/csv',
    });
    const key = putToS3(ticket.body.url, ticket.body.headers, bytes);
    // The page's view of the upload each time the import writes something.
    const seen: Upload[] = [];
    const watching = Object.create(deps.store) as typeof deps.store;
    const poll = async () => {
      seen.push((await deps.store.getUpload(campaignId, ticket.body.uploadId))!);
    };
    watching.updateUpload = async (...args) => {
      await deps.store.updateUpload(...args);
      await poll();
    };
    watching.importBatch = async (...args) => {
      const out = await deps.store.importBatch(...args);
      await poll();
      return out;
    };
    await createImportJobHandler({
      files: { read: async () => bytes },
      store: watching,
      org: deps.org,
      clock: { now: () => new Date() },
    })(s3Event(key));
    const importing = seen.filter((u) => u.status === 'importing').map((u) => u.processed);
    expect(importing.length).toBeGreaterThan(2);
    expect(importing).toEqual([...importing].sort((a, b) => a - b));
    expect(importing.at(-1)).toBe(120);
    expect(seen.at(-1)).toMatchObject({ status: 'done', processed: 120, accepted: 120 });
  }, 120_000);
});

describe('direct uploads with a ticket (locally, and small files in AWS)', () => {
  it('tells the local console that direct upload is the path, and imports under the ticket id', async () => {
    const csv = [
      'interview_id,county_code,date,mode,weight,q_overall,q_window,q_traffic,q_safety,q_antigang',
      'L-1,130628,2026-10-02,phone,1,5,4,4,5,5',
      'L-2,999999,2026-10-02,phone,1,5,4,4,5,5',
    ].join('\n');
    const ticket = await local.post(`${V1}/${campaignId}/uploads/presign`, {
      fileName: 'local.csv',
      sizeBytes: 50 * 1024 * 1024,
      contentType: 'text/csv',
    });
    expect(ticket.status).toBe(201);
    expect(ticket.body).toMatchObject({ via: 'direct', method: 'POST' });
    expect(ticket.body.message).toContain('直接');
    expect(ticket.body.messageEn).toMatch(/no upload bucket/i);
    const res = await local.post(`${V1}${ticket.body.path.replace('/campaigns', '')}`, {
      fileName: 'local.csv',
      contentBase64: b64(csv),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      uploadId: ticket.body.uploadId,
      status: 'done',
      accepted: 1,
      rejectedRows: 1,
    });
    const again = await local.post(`${V1}${ticket.body.path.replace('/campaigns', '')}`, {
      fileName: 'local.csv',
      contentBase64: b64(csv),
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('UPLOAD_TICKET_USED');
  });

  it('refuses a ticket issued for another file name or for the bucket path', async () => {
    const t = await local.post(`${V1}/${campaignId}/uploads/presign`, {
      fileName: 'one.csv',
      sizeBytes: 10,
      contentType: 'text/csv',
    });
    const wrongName = await local.post(`${V1}/${campaignId}/uploads?uploadId=${t.body.uploadId}`, {
      fileName: 'two.csv',
      contentBase64: b64('x'),
    });
    expect(wrongName.body.error.code).toBe('UPLOAD_TICKET_MISMATCH');
    const big = await aws.post(`${V1}/${campaignId}/uploads/presign`, {
      fileName: 'big.csv',
      sizeBytes: DIRECT_MAX + 1,
      contentType: 'text/csv',
    });
    const viaConsole = await aws.post(`${V1}/${campaignId}/uploads?uploadId=${big.body.uploadId}`, {
      fileName: 'big.csv',
      contentBase64: b64('x'),
    });
    expect(viaConsole.status).toBe(409);
    const other = handleWithAuthHeader(stack.console(), () =>
      stack.auth.sign({ id: 'analyst-2', name: '另一分析员', role: 'agency_analyst', scope: 'AGENCY-01' }),
    );
    const notTheirs = await other.post(`${V1}/${campaignId}/uploads?uploadId=${t.body.uploadId}`, {
      fileName: 'one.csv',
      contentBase64: b64('x'),
    });
    expect(notTheirs.status).toBe(404);
  });

  it('refuses a file name the object key could not carry', async () => {
    const res = await aws.post(`${V1}/${campaignId}/uploads/presign`, {
      fileName: 'a/b.csv',
      sizeBytes: 10_000,
      contentType: 'text/csv',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('fileName');
  });
});
