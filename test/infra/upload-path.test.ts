/**
 * The presigned agency-upload path across two stacks that cannot reference each other: the console
 * (api stack) signs PUTs into the bucket the jobs stack owns, under the prefix whose objects notify
 * the import job. Each half is tested in its own stack's test; this file checks that the halves
 * meet — same bucket, same prefix as the key builder in functions/, and a browser allowed to PUT
 * exactly the headers the URL signs — on the China target, whose site has a known domain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_KEY_PREFIX } from '../../functions/services/campaigns/upload-key';
import { UPLOAD_PREFIX } from '../../infra/upload-bucket';
import {
  type Resources,
  type Statement,
  SYNTH_TIMEOUT_MS,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from './synth-fixture';

describe('presigned agency uploads (china, prod)', () => {
  let synth: Synthesized;
  let api: Resources;
  let jobs: Resources;

  beforeAll(() => {
    synth = synthesize({ target: 'china', stage: 'prod' });
    api = synth.resources(synth.stacks.api);
    jobs = synth.resources(synth.stacks.jobs);
  }, SYNTH_TIMEOUT_MS);
  afterAll(() => synth?.cleanup());

  const consoleFn = () => synth.stacks.api.consoleFunction;
  const bucket = () => jobs[synth.logicalId(synth.stacks.jobs, synth.stacks.jobs.uploadBucket)]!;
  const s3Statements = (): Statement[] =>
    statementsOfRole(api, synth.logicalId(synth.stacks.api, consoleFn().role)).filter((s) =>
      [s.Action].flat().some((a) => a.startsWith('s3:')),
    );

  it('presigns into the very bucket the jobs stack creates', () => {
    const fn = api[synth.logicalId(synth.stacks.api, consoleFn().fn)]!;
    const env = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.UPLOAD_BUCKET).toBeDefined();
    expect(env.UPLOAD_BUCKET).toEqual(bucket().Properties.BucketName);
  });

  it('uses one prefix for the console grant, the import notification and the object keys', () => {
    expect(UPLOAD_PREFIX).toBe(UPLOAD_KEY_PREFIX);
    const [notification] = Object.values(jobs).filter((r) => r.Type === 'Custom::S3BucketNotifications');
    const rules = JSON.stringify(notification?.Properties.NotificationConfiguration);
    expect(rules).toContain(`{"Name":"prefix","Value":"${UPLOAD_KEY_PREFIX}"}`);
  });

  it('lets the console only put objects under the upload prefix: no read, list or delete', () => {
    const statements = s3Statements();
    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
    expect(statements.flatMap((s) => [s.Action].flat())).toEqual(['s3:PutObject']);
    const resource = JSON.stringify(statements[0]?.Resource);
    expect(resource).toContain(`:s3:::kmpj-prod-uploads-`);
    expect(resource).toMatch(new RegExp(`/${UPLOAD_KEY_PREFIX}\\*"`));
    expect(resource).toContain('"Ref":"AWS::Partition"');
  });

  it("lets only the site's origin PUT from a browser, with the headers the URL signs", () => {
    const cors = (bucket().Properties.CorsConfiguration as { CorsRules: Record<string, unknown>[] })
      .CorsRules;
    expect(cors).toHaveLength(1);
    expect(cors[0]).toMatchObject({ AllowedMethods: ['PUT'], AllowedOrigins: ['https://pj.example.gov.cn'] });
    expect(cors[0]?.AllowedHeaders).toEqual(expect.arrayContaining(['content-type', 'content-length']));
  });

  it('keeps the bucket private: the presigned URL is the only way in', () => {
    expect(bucket().Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });
});
