import { describe, expect, it } from 'vitest';
import { parseStage, parseTarget } from '../../infra/config';
import { CHINA_CONTEXT } from './synth-fixture';

const reader = (context: Record<string, string>) => (key: string) => context[key];

describe('parseTarget', () => {
  it('defaults to the global target with Cognito and X-Ray', () => {
    expect(parseTarget(reader({}))).toEqual({ target: 'global', tracing: true });
  });

  it('reads a complete China target, without X-Ray', () => {
    expect(parseTarget(reader(CHINA_CONTEXT))).toMatchObject({
      target: 'china',
      region: 'cn-north-1',
      oidc: { issuer: 'https://idp.example.gov.cn/realms/kmpj', audience: 'kmpj-console' },
      domain: { domainName: 'pj.example.gov.cn', iamCertificateId: 'ASCAEXAMPLEEXAMPLE1' },
      tracing: false,
    });
  });

  it.each([
    [{ region: 'ap-east-1' }, /cn-north-1 or cn-northwest-1/],
    [{ oidcIssuer: undefined, oidcAudience: undefined }, /no Cognito user pools/],
    [{ iamCertificateId: undefined }, /ICP-recorded/],
    [{ oidcIssuer: 'http://idp.example.gov.cn' }, /https:\/\//],
  ])('refuses an incomplete China target (%o)', (override, message) => {
    const context = { ...CHINA_CONTEXT, ...override } as Record<string, string>;
    expect(() => parseTarget(reader(context))).toThrow(message);
  });

  it('refuses an unknown target and a half-given OIDC issuer', () => {
    expect(() => parseTarget(reader({ target: 'aws-cn' }))).toThrow(/Unknown target/);
    expect(() => parseTarget(reader({ oidcIssuer: 'https://idp.example.com' }))).toThrow(/both/);
  });

  it('keeps parseStage strict', () => {
    expect(parseStage(undefined)).toBe('dev');
    expect(() => parseStage('production')).toThrow(/Unknown stage/);
  });
});
