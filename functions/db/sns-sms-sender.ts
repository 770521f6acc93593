/**
 * The SMS provider in AWS: Amazon SNS `Publish` to a phone number (transactional SMS), the
 * service AWS End User Messaging SMS sends through. The origination identity and spend limit are
 * the account's SMS settings (docs/operations.md); the number never reaches a log.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SmsNotAccepted, type SmsSender } from '../services/reach/ports';
import { withDbErrors } from './errors';

/** SNS refusals that pass: the same message may be accepted a little later. */
const PASSING_REFUSALS = new Set(['ThrottledException', 'ThrottlingException', 'KMSThrottlingException']);

/**
 * The refusal SNS answered, if it answered one: a throttle, or a client error (4xx) such as an
 * invalid number or a missing permission, after which nothing was sent. A server error, a timeout
 * or a broken connection is no answer: SNS may have sent the message.
 */
export function snsRefusal(err: unknown): SmsNotAccepted | undefined {
  if (!(err instanceof Error)) return undefined;
  const e = err as Error & { $fault?: string; $metadata?: { httpStatusCode?: number } };
  if (PASSING_REFUSALS.has(e.name)) return new SmsNotAccepted(true, e.name);
  const status = e.$metadata?.httpStatusCode;
  if (e.$fault === 'client' && status !== undefined && status >= 400 && status < 500) {
    return new SmsNotAccepted(status === 429, e.name);
  }
  return undefined;
}

/**
 * A client for the sender: one attempt per call. The SDK's own retries would send again after a
 * timeout or a server error, when SNS may already have sent the message; a throttle comes back
 * as SmsNotAccepted and the invitation is retried by the sender's schedule instead.
 */
export const smsClient = (): SNSClient => new SNSClient({ maxAttempts: 1 });

export class SnsSmsSender implements SmsSender {
  constructor(
    private readonly client: SNSClient = smsClient(),
    private readonly senderId?: string,
  ) {}

  async send(msg: { to: string; text: string }): Promise<{ messageId: string }> {
    const publish = new PublishCommand({
      PhoneNumber: `+86${msg.to}`,
      Message: msg.text,
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        ...(this.senderId
          ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: this.senderId } }
          : {}),
      },
    });
    const out = await withDbErrors(async () => {
      try {
        return await this.client.send(publish);
      } catch (err) {
        throw snsRefusal(err) ?? err;
      }
    });
    return { messageId: out.MessageId ?? '' };
  }
}
