import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNTH_TIMEOUT_MS, type Synthesized, synthesize } from './synth-fixture';

let s: Synthesized;
beforeAll(() => {
  s = synthesize({ target: 'global', stage: 'prod' });
}, SYNTH_TIMEOUT_MS);
afterAll(() => s?.cleanup());

describe('staff identity (global target)', () => {
  it('puts role and scope in custom attributes that staff cannot write themselves', () => {
    const t = s.template(s.stacks.identity!);
    t.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'role', Mutable: true }),
        Match.objectLike({ Name: 'scope', Mutable: true }),
      ]),
    });
    const clients = t.findResources('AWS::Cognito::UserPoolClient');
    const client = Object.values(clients)[0] as { Properties: Record<string, string[]> };
    expect(client.Properties.ReadAttributes).toEqual(expect.arrayContaining(['custom:role', 'custom:scope']));
    expect((client.Properties.WriteAttributes ?? []).filter((a) => a.startsWith('custom:'))).toEqual([]);
    expect(client.Properties.WriteAttributes).toBeDefined();
  });

  it('signs the console in with the authorization code flow on a hosted domain, without a client secret', () => {
    const t = s.template(s.stacks.identity!);
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      GenerateSecret: false,
    });
    t.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });

  it('publishes the console sign-in configuration with the site', () => {
    // The built site plus a generated console/config.json (its issuer and client id are deploy-time values).
    const deployment = Object.values(
      s.template(s.stacks.web).findResources('Custom::CDKBucketDeployment'),
    )[0] as {
      Properties: { SourceObjectKeys: unknown[]; SourceMarkers?: unknown[] };
    };
    expect(deployment.Properties.SourceObjectKeys).toHaveLength(2);
    expect(JSON.stringify(deployment.Properties.SourceMarkers)).toMatch(/ConsoleClient|UserPool/);
  });
});
