/** Audit table: append-only. The console's IAM role has PutItem and reads here, nothing else. */
import {
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import type { AuditEntry } from '../domain/audit';
import { serviceDay } from '../domain/service-day';
import { withDbErrors } from './errors';
import { fromItem, toItem } from './item';
import { auditKeys } from './keys/audit';

/** The Put that appends `entry`; repositories add it to the transaction of the write it records. */
export function buildAuditPut(table: string, entry: AuditEntry): TransactWriteItem {
  return {
    Put: {
      TableName: table,
      Item: toItem({
        ...auditKeys.entry(serviceDay(new Date(entry.at)), entry.at, entry.id),
        ...auditKeys.ofTarget(entry.targetType, entry.targetId, entry.at),
        entity: 'AuditEntry',
        ...entry,
        // Before/after are stored as JSON text: any shape, and never confused with key attributes.
        before: entry.before === undefined ? undefined : JSON.stringify(entry.before),
        after: entry.after === undefined ? undefined : JSON.stringify(entry.after),
      }),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export const buildAuditDayQuery = (table: string, day: string, pathPrefix: string): QueryCommandInput => ({
  TableName: table,
  KeyConditionExpression: 'pk = :pk',
  // Whole path segments only: the scope node itself or anything below it.
  FilterExpression: 'targetPath = :path OR begins_with(targetPath, :below)',
  ExpressionAttributeValues: toItem({
    ':pk': auditKeys.day(day),
    ':path': pathPrefix,
    ':below': `${pathPrefix}/`,
  }),
  ScanIndexForward: false,
});

const parse = (item: Record<string, unknown>): AuditEntry => ({
  ...(item as unknown as AuditEntry),
  before: typeof item.before === 'string' ? JSON.parse(item.before) : undefined,
  after: typeof item.after === 'string' ? JSON.parse(item.after) : undefined,
});

export class AuditRepository {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  /** Entries of the given days (newest first) whose target lies under `pathPrefix`. */
  async list(days: readonly string[], pathPrefix: string, limit = 500): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    for (const day of days) {
      let input = buildAuditDayQuery(this.table, day, pathPrefix);
      for (;;) {
        const page = await withDbErrors(() => this.client.send(new QueryCommand(input)));
        for (const item of page.Items ?? []) out.push(parse(fromItem(item)));
        if (out.length >= limit || !page.LastEvaluatedKey) break;
        input = { ...input, ExclusiveStartKey: page.LastEvaluatedKey };
      }
      if (out.length >= limit) break;
    }
    return out.slice(0, limit);
  }
}
