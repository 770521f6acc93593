/**
 * The SMS provider in AWS: Amazon SNS `Publish` to a phone number (transactional SMS), the
 * service AWS End User Messaging SMS sends through. The origination identity and spend limit are
 * the account's SMS settings (docs/operations.md); the number never reaches a log.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { SmsSender } from '../services/reach/ports';
import { withDbErrors } from './errors';

export class SnsSmsSender implements SmsSender {
  constructor(
    private readonly client: SNSClient = new SNSClient({}),
    private readonly senderId?: string,
  ) {}

  async send(msg: { to: string; text: string }): Promise<{ messageId: string }> {
    const out = await withDbErrors(() =>
      this.client.send(
        new PublishCommand({
          PhoneNumber: `+86${msg.to}`,
          Message: msg.text,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            ...(this.senderId
              ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: this.senderId } }
              : {}),
          },
        }),
      ),
    );
    return { messageId: out.MessageId ?? '' };
  }
}
