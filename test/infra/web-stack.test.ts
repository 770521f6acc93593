import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStacks } from '../../infra/app';
import { SYNTH_TIMEOUT_MS, type Synthesized, synthesize } from './synth-fixture';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Effect: string; Principal?: unknown; Condition?: unknown; Action: string | string[] };

/** Managed policy ids (documented by AWS, identical in every account). */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

describe('WebStack', () => {
  let webDir: string;
  let resources: Resource[];
  let byId: Record<string, Resource>;
  let webBucketId: string;
  let distribution: Record<string, unknown>;

  beforeAll(() => {
    webDir = mkdtempSync(path.join(tmpdir(), 'kmpj-web-'));
    writeFileSync(path.join(webDir, 'index.html'), '<!doctype html>');
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const { web } = buildStacks(app, { stage: 'dev', webDir });
    byId = Template.fromStack(web).toJSON().Resources;
    resources = Object.values(byId);
    webBucketId = web.getLogicalId(web.bucket.node.defaultChild as CfnElement);
    distribution = only('AWS::CloudFront::Distribution').Properties.DistributionConfig as Record<
      string,
      unknown
    >;
  }, SYNTH_TIMEOUT_MS);

  afterAll(() => rmSync(webDir, { recursive: true, force: true }));

  function ofType(type: string): Resource[] {
    return resources.filter((r) => r.Type === type);
  }

  function only(type: string): Resource {
    const [first, ...rest] = ofType(type);
    if (!first || rest.length > 0) throw new Error(`expected exactly one ${type}`);
    return first;
  }

  it('blocks all public access to the web and log buckets and encrypts them', () => {
    for (const b of ofType('AWS::S3::Bucket')) {
      expect(b.Properties.PublicAccessBlockConfiguration).toMatchObject({
        BlockPublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(JSON.stringify(b.Properties.BucketEncryption)).toContain('AES256');
    }
    const bucket = (byId[webBucketId] as Resource).Properties;
    expect(JSON.stringify(bucket.LoggingConfiguration)).toContain('AccessLogs');
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
  });

  it('allows no anonymous principal in the bucket policy and denies plain HTTP', () => {
    const statements = ofType('AWS::S3::BucketPolicy').flatMap(
      (p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
    );
    const anonymous = (s: Statement) => JSON.stringify(s.Principal).includes('"*"');
    expect(statements.filter((s) => s.Effect === 'Allow' && anonymous(s))).toEqual([]);
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('lets only this distribution read the bucket, through origin access control', () => {
    const oac = only('AWS::CloudFront::OriginAccessControl').Properties.OriginAccessControlConfig;
    expect(oac).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' });

    const origins = distribution.Origins as Array<Record<string, unknown>>;
    const s3Origins = origins.filter((o) => 'S3OriginConfig' in o);
    expect(s3Origins).toHaveLength(1);
    expect(JSON.stringify(s3Origins[0]?.OriginAccessControlId)).toContain('OriginAccessControl');

    const cloudFrontReads = ofType('AWS::S3::BucketPolicy')
      .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
      .filter((s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: 'cloudfront.amazonaws.com' }));
    expect(cloudFrontReads.length).toBeGreaterThan(0);
    for (const statement of cloudFrontReads) {
      expect(JSON.stringify(statement.Condition)).toContain('AWS:SourceArn');
    }
  });

  it('rewrites directory URIs to index.html on viewer request for the static site', () => {
    const fn = only('AWS::CloudFront::Function').Properties;
    const run = new Function(`${fn.FunctionCode as string}; return handler;`)() as (event: unknown) => {
      uri: string;
    };
    expect(run({ request: { uri: '/f/', querystring: { t: { value: 'TOKEN' } } } }).uri).toBe(
      '/f/index.html',
    );
    expect(run({ request: { uri: '/console/' } }).uri).toBe('/console/index.html');
    expect(run({ request: { uri: '/f/app.js' } }).uri).toBe('/f/app.js');

    const associations = (distribution.DefaultCacheBehavior as Record<string, unknown>).FunctionAssociations;
    expect(associations).toEqual([expect.objectContaining({ EventType: 'viewer-request' })]);
  });

  it('routes /api/console/* to the HTTP API before /api/* goes to the REST API', () => {
    const behaviors = distribution.CacheBehaviors as Array<Record<string, unknown>>;
    expect(behaviors.map((b) => b.PathPattern)).toEqual(['/api/console/*', '/api/*']);
    const consoleBehavior = behaviors[0];
    expect(consoleBehavior).toMatchObject({
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      ViewerProtocolPolicy: 'https-only',
    });
    const origin = (distribution.Origins as Array<Record<string, unknown>>).find(
      (o) => o.Id === consoleBehavior?.TargetOriginId,
    );
    expect(origin?.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only' });
    expect(JSON.stringify(origin?.DomainName)).toContain('execute-api');
  });

  it('writes access logs of the distribution to the log bucket, expiring with the stage retention', () => {
    expect(JSON.stringify(distribution.Logging)).toContain('AccessLogs');
    const logBucket = ofType('AWS::S3::Bucket').find((b) => b !== byId[webBucketId]);
    expect(logBucket?.Properties.LifecycleConfiguration).toEqual({
      Rules: [expect.objectContaining({ ExpirationInDays: 7, Status: 'Enabled' })],
    });
  });

  it('publishes the site base URL in SSM for the console, since no custom domain is configured', () => {
    const parameter = only('AWS::SSM::Parameter').Properties;
    expect(parameter.Name).toBe('/kmpj/dev/public-base-url');
    expect(JSON.stringify(parameter.Value)).toContain('DomainName');
  });

  it('routes /api/* to the REST API uncached, forwarding query strings but not the Host header', () => {
    const behaviors = distribution.CacheBehaviors as Array<Record<string, unknown>>;
    const api = behaviors.find((b) => b.PathPattern === '/api/*');
    expect(api).toMatchObject({
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      ViewerProtocolPolicy: 'https-only',
    });
    expect(api?.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'OPTIONS']));
    const origin = (distribution.Origins as Array<Record<string, unknown>>).find(
      (o) => o.Id === api?.TargetOriginId,
    );
    expect(origin?.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only' });
    expect(JSON.stringify(origin?.DomainName)).toContain('execute-api');
  });

  it('forwards CloudFront-Viewer-Address to the public API (client address of the integrity checks)', () => {
    // AllViewerExceptHostHeader forwards every viewer header but Host plus all CloudFront headers,
    // CloudFront-Viewer-Address included; a header whitelist could not carry Authorization instead.
    const api = (distribution.CacheBehaviors as Array<Record<string, unknown>>).find(
      (b) => b.PathPattern === '/api/*',
    );
    expect(api?.OriginRequestPolicyId).toBe(ALL_VIEWER_EXCEPT_HOST_HEADER);
  });

  it('adds security headers to every response', () => {
    const policy = only('AWS::CloudFront::ResponseHeadersPolicy').Properties.ResponseHeadersPolicyConfig as {
      SecurityHeadersConfig: Record<string, Record<string, unknown>>;
    };
    const headers = policy.SecurityHeadersConfig;
    expect(headers.StrictTransportSecurity).toMatchObject({ Override: true });
    expect(headers.ContentTypeOptions).toMatchObject({ Override: true });
    expect(headers.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    // A Fn::Join: the upload bucket's name holds the account and region.
    const csp = JSON.stringify(headers.ContentSecurityPolicy?.ContentSecurityPolicy);
    expect(csp).toContain("default-src 'self'");
    // The console's presigned PUTs may reach the one upload bucket, and no other origin.
    expect(csp).toMatch(
      /connect-src 'self' https:\/\/kmpj-[a-z]+-uploads-",\{"Ref":"AWS::AccountId"\},"-",\{"Ref":"AWS::Region"\},"\.s3\."/,
    );

    const behaviors = [
      distribution.DefaultCacheBehavior,
      ...(distribution.CacheBehaviors as unknown[]),
    ] as Array<Record<string, unknown>>;
    for (const behavior of behaviors) expect(behavior.ResponseHeadersPolicyId).toBeDefined();
  });

  it('uploads the built web directory and invalidates the distribution', () => {
    const deployment = only('Custom::CDKBucketDeployment').Properties;
    expect(deployment.DistributionPaths).toEqual(['/*']);
    expect(deployment.DistributionId).toBeDefined();
  });
});

describe('WebStack (china, prod)', () => {
  let synth: Synthesized;
  let distribution: Record<string, unknown>;
  let resources: Resource[];

  beforeAll(() => {
    synth = synthesize({ target: 'china', stage: 'prod' });
    resources = Object.values(synth.resources(synth.stacks.web));
    const dist = resources.find((r) => r.Type === 'AWS::CloudFront::Distribution');
    distribution = dist?.Properties.DistributionConfig as Record<string, unknown>;
  }, SYNTH_TIMEOUT_MS);
  afterAll(() => synth.cleanup());

  it('serves the ICP-recorded domain with the IAM certificate and TLS 1.2 or later', () => {
    expect(distribution.Aliases).toEqual(['pj.example.gov.cn']);
    expect(distribution.ViewerCertificate).toEqual({
      IamCertificateId: 'ASCAEXAMPLEEXAMPLE1',
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
  });

  it('keeps the bucket private through an origin access identity, as China has no OAC', () => {
    expect(resources.some((r) => r.Type === 'AWS::CloudFront::OriginAccessControl')).toBe(false);
    expect(resources.some((r) => r.Type === 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toBe(true);
    const s3Origin = (distribution.Origins as Array<Record<string, unknown>>).find(
      (o) => 'S3OriginConfig' in o,
    );
    expect(JSON.stringify(s3Origin?.S3OriginConfig)).toContain('origin-access-identity');
  });

  it('uses only features CloudFront China accepts: forwarded values, no policies, no edge functions', () => {
    const behaviors = [
      distribution.DefaultCacheBehavior,
      ...(distribution.CacheBehaviors as unknown[]),
    ] as Array<Record<string, unknown>>;
    for (const behavior of behaviors) {
      expect(behavior.CachePolicyId).toBeUndefined();
      expect(behavior.OriginRequestPolicyId).toBeUndefined();
      expect(behavior.ResponseHeadersPolicyId).toBeUndefined();
      expect(behavior.FunctionAssociations).toBeUndefined();
      expect(behavior.ForwardedValues).toBeDefined();
    }
    const api = behaviors.filter((b) => String(b.PathPattern).startsWith('/api/'));
    expect(api.map((b) => b.PathPattern)).toEqual(['/api/console/*', '/api/*']);
    for (const b of api) {
      expect(b).toMatchObject({ MinTTL: 0, DefaultTTL: 0, MaxTTL: 0 });
      expect((b.ForwardedValues as { Headers: string[] }).Headers).toContain('Authorization');
      expect((b.ForwardedValues as { Headers: string[] }).Headers).not.toContain('Host');
    }
    expect(resources.some((r) => r.Type === 'AWS::SSM::Parameter')).toBe(false);
  });
});
