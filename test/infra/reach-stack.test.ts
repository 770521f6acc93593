import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppFunction } from '../../infra/constructs/app-function';
import {
  type Resources,
  type Statement,
  SYNTH_TIMEOUT_MS,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from './synth-fixture';

const actionsOf = (s: Statement) => [s.Action].flat();

describe('ReachStack (global, prod)', () => {
  let synth: Synthesized;
  let resources: Resources;

  beforeAll(() => {
    synth = synthesize({ target: 'global', stage: 'prod' });
    resources = synth.resources(synth.stacks.reach);
  }, SYNTH_TIMEOUT_MS);
  afterAll(() => synth.cleanup());

  const reach = () => synth.stacks.reach;
  const id = (c: { node: { defaultChild?: unknown } }) => synth.logicalId(reach(), c);
  const statements = (fn: AppFunction) => statementsOfRole(resources, id(fn.role));
  const env = (fn: AppFunction) =>
    (resources[id(fn.fn)]?.Properties.Environment as { Variables: Record<string, unknown> } | undefined)
      ?.Variables ?? {};
  const withAction = (fn: AppFunction, action: string) =>
    statements(fn).filter((s) => actionsOf(s).includes(action));
  /** Tables a statement names, by the data stack's export names (Responses, Directory …). */
  const tablesOf = (s: Statement) =>
    ['Responses', 'Directory', 'Questionnaires', 'Audit', 'Scoring'].filter((t) =>
      JSON.stringify(s.Resource).includes(t),
    );

  describe('sms-sender', () => {
    const fn = () => reach().smsSender!.function;

    it('runs every minute with the scheduled-job failure path', () => {
      const rule = resources[id(reach().smsSender!.rule)];
      expect(rule?.Properties.ScheduleExpression).toBe('rate(1 minute)');
      expect(JSON.stringify(rule?.Properties.Targets)).toContain(id(reach().smsSender!.deadLetterQueue));
    });

    it('publishes SMS to phone numbers only: every topic is denied', () => {
      const publish = withAction(fn(), 'sns:Publish');
      expect(publish).toHaveLength(2);
      const allow = publish.find((s) => s.Effect === 'Allow');
      const deny = publish.find((s) => s.Effect === 'Deny');
      expect(actionsOf(allow!)).toEqual(['sns:Publish']);
      expect(allow?.Resource).toBe('*');
      expect(JSON.stringify(deny?.Resource)).toContain(':sns:*:*:*');
      // No other SNS action anywhere in its policy.
      const sns = statements(fn())
        .flatMap(actionsOf)
        .filter((a) => a.startsWith('sns:'));
      expect(new Set(sns)).toEqual(new Set(['sns:Publish']));
    });

    it('decrypts numbers with the contact key and cannot encrypt with it or read any secret', () => {
      const kms = statements(fn()).filter(
        (s) =>
          actionsOf(s).some((a) => a.startsWith('kms:')) && JSON.stringify(s.Resource).includes('ContactKey'),
      );
      expect(kms.flatMap(actionsOf)).toEqual(['kms:Decrypt']);
      expect(
        statements(fn())
          .flatMap(actionsOf)
          .filter((a) => a.startsWith('secretsmanager:')),
      ).toEqual([]);
      expect(JSON.stringify(env(fn()))).toContain('CONTACT_KEY_ARN');
      expect(JSON.stringify(env(fn()))).not.toContain('QR_SECRET');
    });

    it('writes invitations in the Responses table and only reads the Directory', () => {
      const writes = statements(fn()).filter((s) => actionsOf(s).includes('dynamodb:UpdateItem'));
      expect(writes.flatMap(tablesOf)).toEqual(['Responses']);
    });
  });

  describe('inbound SMS (TD)', () => {
    it('has an encrypted, TLS-only topic the SMS service of this account may publish to', () => {
      const topic = resources[id(reach().inboundSms!)];
      expect(JSON.stringify(topic?.Properties.KmsMasterKeyId)).toContain(id(reach().inboundSmsKey!));
      const policies = Object.values(resources)
        .filter((r) => r.Type === 'AWS::SNS::TopicPolicy')
        .map((r) => JSON.stringify(r.Properties));
      const policy = policies.find((p) => p.includes(id(reach().inboundSms!)));
      expect(policy).toContain('sms-voice.amazonaws.com');
      expect(policy).toContain('aws:SourceAccount');
      expect(policy).toContain('aws:SecureTransport');
      const key = JSON.stringify(resources[id(reach().inboundSmsKey!)]?.Properties.KeyPolicy);
      expect(key).toContain('sms-voice.amazonaws.com');
    });

    it('delivers each inbound SMS to the opt-out function, failures to an alarmed queue', () => {
      const sub = Object.values(resources).find((r) => r.Type === 'AWS::SNS::Subscription');
      expect(sub?.Properties.Protocol).toBe('lambda');
      expect(JSON.stringify(sub?.Properties.Endpoint)).toContain(id(reach().smsReply!.fn));
      expect(JSON.stringify(sub?.Properties.RedrivePolicy)).toContain(id(reach().smsReplyFailures!.queue));
      const alarm = resources[id(reach().smsReplyFailures!.alarm)]?.Properties;
      expect(JSON.stringify(alarm?.AlarmActions)).toContain('Alarms');
    });

    it('puts opt-outs but can update or delete nothing, and reads only the QR secret', () => {
      const fn = reach().smsReply!;
      const all = statements(fn).flatMap(actionsOf);
      expect(all).toContain('dynamodb:PutItem');
      expect(all).not.toContain('dynamodb:UpdateItem');
      expect(all).not.toContain('dynamodb:DeleteItem');
      expect(all.filter((a) => a.startsWith('sns:'))).toEqual([]);
      const secrets = withAction(fn, 'secretsmanager:GetSecretValue');
      expect(secrets).toHaveLength(1);
      expect(JSON.stringify(secrets[0]?.Resource)).toContain('QrSecret');
      expect(JSON.stringify(env(fn))).toContain('QR_SECRET_ARN');
    });
  });

  describe('pusher', () => {
    const fn = () => reach().pusher.function;

    it('runs every minute with the scheduled-job failure path', () => {
      const rule = resources[id(reach().pusher.rule)];
      expect(rule?.Properties.ScheduleExpression).toBe('rate(1 minute)');
      expect(JSON.stringify(rule?.Properties.Targets)).toContain(id(reach().pusher.deadLetterQueue));
    });

    it('signs with its own Secrets Manager secret, never the QR key or the contact key', () => {
      const secret = resources[id(reach().pushSecret)];
      expect(secret?.Type).toBe('AWS::SecretsManager::Secret');
      expect(secret?.DeletionPolicy).toBe('Retain');
      const reads = withAction(fn(), 'secretsmanager:GetSecretValue');
      expect(reads).toHaveLength(1);
      expect(JSON.stringify(reads[0]?.Resource)).toContain(id(reach().pushSecret));
      expect(JSON.stringify(env(fn()).PUSH_SECRET_ARN)).toContain(id(reach().pushSecret));
      const text = JSON.stringify(statements(fn()));
      expect(text).not.toContain('QrSecret');
      expect(text).not.toContain('ContactKey');
    });

    it('updates push items in the Responses table only', () => {
      const writes = statements(fn()).filter((s) => actionsOf(s).includes('dynamodb:UpdateItem'));
      expect(writes.flatMap(tablesOf)).toEqual(['Responses']);
    });
  });
});

describe('ReachStack (china, prod)', () => {
  it(
    'has the pusher but no SMS sender or inbound topic (SNS sends no SMS from the China regions)',
    () => {
      const synth = synthesize({ target: 'china', stage: 'prod' });
      try {
        const types = Object.values(synth.resources(synth.stacks.reach)).map((r) => r.Type);
        expect(synth.stacks.reach.smsSender).toBeUndefined();
        expect(types).not.toContain('AWS::SNS::Topic');
        expect(types.filter((t) => t === 'AWS::Events::Rule')).toHaveLength(1);
        expect(types).toContain('AWS::SecretsManager::Secret');
      } finally {
        synth.cleanup();
      }
    },
    SYNTH_TIMEOUT_MS,
  );
});
