/**
 * The local SMS provider of `npm start`: every message is kept in an outbox (the number masked,
 * the text with its link) that the console shows, instead of reaching a phone.
 */
import { type DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { maskPhone } from '../domain/cases/mask';
import type { SmsSender } from '../services/reach/ports';
import { withDbErrors } from './errors';
import { fromItem, toItem } from './item';
import { reachKeys } from './keys/reach';

export interface OutboxMessage {
  id: string;
  to: string;
  phoneKey: string;
  text: string;
  sentAt: string;
}

export class LocalSmsOutbox implements SmsSender {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(msg: {
    to: string;
    text: string;
    id: string;
    phoneKey: string;
  }): Promise<{ messageId: string }> {
    const sentAt = this.now().toISOString();
    const stored: OutboxMessage = {
      id: msg.id,
      to: maskPhone(msg.to),
      phoneKey: msg.phoneKey,
      text: msg.text,
      sentAt,
    };
    await withDbErrors(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: toItem({ ...reachKeys.outboxMessage(sentAt, msg.id), entity: 'OutboxSms', ...stored }),
        }),
      ),
    );
    return { messageId: `local-${msg.id}` };
  }

  /** The newest messages first. */
  async list(limit = 100): Promise<OutboxMessage[]> {
    const out = await withDbErrors(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: toItem({ ':pk': reachKeys.outboxPartition }),
          ScanIndexForward: false,
          Limit: limit,
        }),
      ),
    );
    return (out.Items ?? []).map((i) => fromItem<OutboxMessage>(i));
  }
}
