/** Audit table: append-only. The console's IAM role has PutItem and reads here, nothing else. */
import type { DynamoDBClient, QueryCommandInput, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { AuditEntry } from '../domain/audit';
import { serviceDay } from '../domain/service-day';
import type { AuditPage, AuditPosition } from '../services/audit/list-audit';
import { fromItem, toItem } from './item';
import { auditKeys } from './keys/audit';
import { queryPages } from './paginate';

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

/**
 * One day's entries under `pathPrefix`, newest first; with `before` (an entry's sort key), only
 * the entries older than it.
 */
export const buildAuditDayQuery = (
  table: string,
  day: string,
  pathPrefix: string,
  before?: string,
): QueryCommandInput => ({
  TableName: table,
  KeyConditionExpression: before === undefined ? 'pk = :pk' : 'pk = :pk AND sk < :before',
  // Whole path segments only: the scope node itself or anything below it.
  FilterExpression: 'targetPath = :path OR begins_with(targetPath, :below)',
  ExpressionAttributeValues: toItem({
    ':pk': auditKeys.day(day),
    ':path': pathPrefix,
    ':below': `${pathPrefix}/`,
    ...(before === undefined ? {} : { ':before': before }),
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

  /**
   * Up to `limit` entries of the given days (newest day first, newest entry first) whose target
   * lies under `pathPrefix`, starting after the entry `after` when given; `more` when at least one
   * further entry exists. It reads one entry past the page to know, so a full last page is not
   * followed by an empty one.
   */
  async listPage(
    days: readonly string[],
    pathPrefix: string,
    page: { limit: number; after?: AuditPosition },
  ): Promise<AuditPage> {
    const out: AuditEntry[] = [];
    const afterDay = page.after && serviceDay(new Date(page.after.at));
    for (const day of days) {
      if (afterDay !== undefined && day > afterDay) continue;
      const before =
        page.after && day === afterDay ? auditKeys.entry(day, page.after.at, page.after.id).sk : undefined;
      const input = buildAuditDayQuery(this.table, day, pathPrefix, before);
      for await (const result of queryPages(this.client, input, page.limit + 1)) {
        for (const item of result.Items ?? []) out.push(parse(fromItem(item)));
        if (out.length > page.limit) return { entries: out.slice(0, page.limit), more: true };
      }
    }
    return { entries: out, more: false };
  }
}
