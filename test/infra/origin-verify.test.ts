import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN_VERIFY_HEADER as FUNCTION_HEADER } from '../../functions/http/client-address';
import { ORIGIN_VERIFY_HEADER } from '../../infra/stacks/web-stack';
import {
  type Resources,
  SYNTH_TIMEOUT_MS,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from './synth-fixture';

type Origin = {
  Id: string;
  DomainName: unknown;
  OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[];
};

function publicOrigin(web: Resources): Origin {
  const dist = Object.values(web).find((r) => r.Type === 'AWS::CloudFront::Distribution')!;
  const config = dist.Properties.DistributionConfig as {
    Origins: Origin[];
    CacheBehaviors: { PathPattern: string; TargetOriginId: string }[];
  };
  const target = config.CacheBehaviors.find((b) => b.PathPattern === '/api/*')!.TargetOriginId;
  return config.Origins.find((o) => o.Id === target)!;
}

describe.each(['global', 'china'] as const)('origin-verify secret (%s)', (target) => {
  let s: Synthesized;
  let api: Resources;
  let web: Resources;
  let secretId: string;

  beforeAll(() => {
    s = synthesize({ target, stage: 'prod', nag: true });
    api = s.resources(s.stacks.api);
    web = s.resources(s.stacks.web);
    secretId = s.logicalId(s.stacks.api, s.stacks.api.originVerifySecret);
  }, SYNTH_TIMEOUT_MS);

  afterAll(() => s?.cleanup());

  it('uses one header name in CloudFront and in the public function', () => {
    expect(ORIGIN_VERIFY_HEADER).toBe(FUNCTION_HEADER);
  });

  it('keeps a generated secret that the public function alone may read, named in its environment', () => {
    expect(api[secretId]?.Type).toBe('AWS::SecretsManager::Secret');
    expect(api[secretId]?.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64 });
    const pub = s.stacks.api.publicFunction;
    const fn = api[s.logicalId(s.stacks.api, pub.fn)]!;
    const env = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.ORIGIN_VERIFY_SECRET_ARN).toEqual({ Ref: secretId });
    const reads = statementsOfRole(api, s.logicalId(s.stacks.api, pub.role)).filter(
      (st) => JSON.stringify(st.Resource) === JSON.stringify({ Ref: secretId }),
    );
    expect(reads.flatMap((st) => [st.Action].flat())).toContain('secretsmanager:GetSecretValue');
    const console = s.logicalId(s.stacks.api, s.stacks.api.consoleFunction.role);
    expect(JSON.stringify(statementsOfRole(api, console))).not.toContain(secretId);
  });

  it('has CloudFront send the secret as a header to the public API, resolved from Secrets Manager at deploy', () => {
    const headers = publicOrigin(web).OriginCustomHeaders ?? [];
    const header = headers.find((h) => h.HeaderName === ORIGIN_VERIFY_HEADER);
    expect(header).toBeDefined();
    expect(JSON.stringify(header!.HeaderValue)).toContain('{{resolve:secretsmanager:');
  });

  it('rotates the secret every 30 days with a function that may update this distribution only', () => {
    const schedules = Object.values(web).filter((r) => r.Type === 'AWS::SecretsManager::RotationSchedule');
    expect(schedules).toHaveLength(1);
    expect(schedules[0]!.Properties.RotationRules).toMatchObject({ ScheduleExpression: 'rate(30 days)' });
    const rotation =
      web[
        s.logicalId(
          s.stacks.web,
          s.stacks.web.node.findChild('OriginVerifyRotation').node.findChild('Function'),
        )
      ];
    expect(rotation?.Type).toBe('AWS::Lambda::Function');
    const distId = s.logicalId(s.stacks.web, s.stacks.web.distribution);
    expect(
      (rotation!.Properties.Environment as { Variables: Record<string, unknown> }).Variables.DISTRIBUTION_ID,
    ).toEqual({
      Ref: distId,
    });
    const role = s.stacks.web.node.findChild('OriginVerifyRotation').node.findChild('Role');
    const statements = statementsOfRole(web, s.logicalId(s.stacks.web, role));
    const cf = statements.find((st) => [st.Action].flat().includes('cloudfront:UpdateDistribution'))!;
    expect(JSON.stringify(cf.Resource)).toContain(distId);
    expect(JSON.stringify(cf.Resource)).not.toBe('"*"');
  });
});
