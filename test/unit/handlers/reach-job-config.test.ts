import { describe, expect, it } from 'vitest';
import { pushJobConfig, smsReplyConfig, smsSenderConfig } from '../../../functions/handlers/reach-job-config';

const tables = { TABLE_DIRECTORY: 'd', TABLE_RESPONSES: 'r' };

describe('reach Lambda configuration', () => {
  it('reads the sender’s tables, contact key and optional sender id', () => {
    expect(smsSenderConfig({ ...tables, CONTACT_KEY_ARN: 'arn:k' })).toEqual({
      tables: { directory: 'd', responses: 'r' },
      contactKeyArn: 'arn:k',
      senderId: undefined,
    });
    expect(smsSenderConfig({ ...tables, CONTACT_KEY_ARN: 'arn:k', SMS_SENDER_ID: 'KMPJ' }).senderId).toBe(
      'KMPJ',
    );
    expect(
      smsSenderConfig({ ...tables, CONTACT_KEY_ARN: 'arn:k', SMS_SENDER_ID: '' }).senderId,
    ).toBeUndefined();
    expect(smsReplyConfig({ ...tables, QR_SECRET_ARN: 'arn:q' })).toEqual({
      tables: { directory: 'd', responses: 'r' },
      qrSecretArn: 'arn:q',
    });
  });

  it('fails at cold start when a variable is missing', () => {
    expect(() => smsSenderConfig(tables)).toThrow('CONTACT_KEY_ARN');
    expect(() => smsReplyConfig(tables)).toThrow('QR_SECRET_ARN');
    expect(() => pushJobConfig(tables)).toThrow('PUSH_SECRET_ARN');
    expect(() => pushJobConfig({ PUSH_SECRET_ARN: 'arn:s' })).toThrow(/TABLE/);
    expect(() => pushJobConfig({ ...tables, PUSH_SECRET_ARN: 'arn:s', PUSH_TIMEOUT_MS: 'ten' })).toThrow(
      'PUSH_TIMEOUT_MS must be a positive integer',
    );
    expect(() => smsSenderConfig({ ...tables, CONTACT_KEY_ARN: '' })).toThrow('CONTACT_KEY_ARN is required');
  });

  it('names the function and every variable at fault in one message', () => {
    expect(() => pushJobConfig({ TABLE_DIRECTORY: 'd', PUSH_TIMEOUT_MS: '0' })).toThrow(
      'push-job: invalid environment: TABLE_RESPONSES is required; PUSH_SECRET_ARN is required; PUSH_TIMEOUT_MS must be a positive integer',
    );
    expect(() => smsReplyConfig({})).toThrow(/^sms-reply: .*TABLE_DIRECTORY.*TABLE_RESPONSES.*QR_SECRET_ARN/);
  });

  it('gives the pusher a 10 s timeout unless set', () => {
    expect(pushJobConfig({ ...tables, PUSH_SECRET_ARN: 'arn:s' }).timeoutMs).toBe(10_000);
    expect(pushJobConfig({ ...tables, PUSH_SECRET_ARN: 'arn:s', PUSH_TIMEOUT_MS: '3000' }).timeoutMs).toBe(
      3000,
    );
  });
});
