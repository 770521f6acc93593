import { describe, expect, it } from 'vitest';
import { parseStage, parseTarget, wafEnabled } from '../../infra/config';
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

  it('turns WAF on by default on global and off on china, and lets context switch it', () => {
    expect(wafEnabled(parseTarget(reader({})))).toBe(true);
    expect(wafEnabled(parseTarget(reader(CHINA_CONTEXT)))).toBe(false);
    expect(wafEnabled(parseTarget(reader({ ...CHINA_CONTEXT, waf: 'true' })))).toBe(true);
    expect(wafEnabled(parseTarget(reader({ waf: 'false' })))).toBe(false);
    expect(() => parseTarget(reader({ waf: 'yes' }))).toThrow(/true or false/);
  });

  it('passes integrity defaults through as INTEGRITY_* variables and refuses malformed ones', () => {
    expect(
      parseTarget(reader({ integrityUnitNetworks: '10.0.0.0/8', integrityOpeningHours: '08:30-17:30' }))
        .integrity,
    ).toEqual({ INTEGRITY_UNIT_NETWORKS: '10.0.0.0/8', INTEGRITY_OPENING_HOURS: '08:30-17:30' });
    expect(() => parseTarget(reader({ integrityOpeningHours: '8-17' }))).toThrow(/08:30-17:30/);
    expect(() => parseTarget(reader({ integrityLimits: '[1]' }))).toThrow(/JSON object/);
  });

  it('keeps parseStage strict', () => {
    expect(parseStage(undefined)).toBe('dev');
    expect(() => parseStage('production')).toThrow(/Unknown stage/);
  });
});
