/**
 * The public API's default execute-api endpoint: with a domain of its own (`apiDomainName`,
 * `apiCertificateArn`) CloudFront reaches the API through that domain and the endpoint is disabled;
 * without, the synth still works offline and warns that the endpoint stays reachable.
 */
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTarget } from '../../infra/config';
import { ORIGIN_VERIFY_HEADER } from '../../infra/stacks/web-stack';
import { type Resources, SYNTH_TIMEOUT_MS, type Synthesized, synthesize } from './synth-fixture';

const API_DOMAIN = {
  region: 'ap-southeast-1',
  apiDomainName: 'api.pj.example.gov.cn',
  apiCertificateArn:
    'arn:aws:acm:ap-southeast-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
};

type Origin = { Id: string; DomainName: unknown; OriginPath?: string; OriginCustomHeaders?: unknown[] };

function apiOrigin(web: Resources): Origin {
  const dist = Object.values(web).find((r) => r.Type === 'AWS::CloudFront::Distribution')!;
  const config = dist.Properties.DistributionConfig as {
    Origins: Origin[];
    CacheBehaviors: { PathPattern: string; TargetOriginId: string }[];
  };
  const target = config.CacheBehaviors.find((b) => b.PathPattern === '/api/*')!.TargetOriginId;
  return config.Origins.find((o) => o.Id === target)!;
}

const ofType = (r: Resources, type: string) => Object.values(r).filter((x) => x.Type === type);
const warning = Match.stringLikeRegexp('execute-api endpoint');

describe('with a domain of its own', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize({ target: 'global', stage: 'prod', nag: true, context: API_DOMAIN });
  }, SYNTH_TIMEOUT_MS);
  afterAll(() => s?.cleanup());

  it('disables the execute-api endpoint of the public REST API', () => {
    const [api] = ofType(s.resources(s.stacks.api), 'AWS::ApiGateway::RestApi');
    expect(api?.Properties.DisableExecuteApiEndpoint).toBe(true);
  });

  it('creates the regional domain with its certificate, TLS 1.2, its root mapped to the stage', () => {
    const res = s.resources(s.stacks.api);
    const [domain] = ofType(res, 'AWS::ApiGateway::DomainName');
    expect(domain?.Properties).toMatchObject({
      DomainName: API_DOMAIN.apiDomainName,
      RegionalCertificateArn: API_DOMAIN.apiCertificateArn,
      EndpointConfiguration: { Types: ['REGIONAL'] },
      SecurityPolicy: 'TLS_1_2',
    });
    const [mapping] = ofType(res, 'AWS::ApiGateway::BasePathMapping');
    const apiId = s.logicalId(s.stacks.api, s.stacks.api.api);
    expect(mapping?.Properties.RestApiId).toEqual({ Ref: apiId });
    expect(mapping?.Properties.BasePath).toBeUndefined();
    expect(mapping?.Properties.Stage).toBeDefined();
  });

  it("points CloudFront's /api/* origin at the domain, with the origin-verify header and no stage path", () => {
    const origin = apiOrigin(s.resources(s.stacks.web));
    expect(origin.DomainName).toBe(API_DOMAIN.apiDomainName);
    expect(origin.OriginPath ?? '').toBe('');
    expect(JSON.stringify(origin.OriginCustomHeaders)).toContain(ORIGIN_VERIFY_HEADER);
  });

  it('does not warn', () => {
    Annotations.fromStack(s.stacks.api).hasNoWarning('*', warning);
  });
});

describe('without a domain of its own', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize({ target: 'global', stage: 'dev' });
  }, SYNTH_TIMEOUT_MS);
  afterAll(() => s?.cleanup());

  it('still synthesizes offline, keeps the endpoint and warns that it stays reachable', () => {
    const [api] = ofType(s.resources(s.stacks.api), 'AWS::ApiGateway::RestApi');
    expect(api?.Properties.DisableExecuteApiEndpoint).toBe(false);
    expect(ofType(s.resources(s.stacks.api), 'AWS::ApiGateway::DomainName')).toEqual([]);
    Annotations.fromStack(s.stacks.api).hasWarning('*', warning);
  });
});

describe('apiDomainName and apiCertificateArn', () => {
  const parse = (ctx: Record<string, string>) => () => parseTarget((k) => ctx[k]);

  it('are given together or not at all', () => {
    expect(parse({ apiDomainName: 'api.pj.example.gov.cn' })).toThrow(/both/);
    expect(parse({ apiCertificateArn: API_DOMAIN.apiCertificateArn })).toThrow(/both/);
    expect(parse(API_DOMAIN)().apiDomain).toEqual({
      domainName: API_DOMAIN.apiDomainName,
      certificateArn: API_DOMAIN.apiCertificateArn,
    });
  });

  it("need the certificate in the stack's region, as a regional API does", () => {
    expect(parse({ ...API_DOMAIN, region: 'us-east-1' })).toThrow(/region us-east-1/);
    expect(parse({ ...API_DOMAIN, apiCertificateArn: 'not-an-arn' })).toThrow(/ACM certificate ARN/);
  });
});
