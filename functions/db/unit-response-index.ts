/**
 * Read-only view of a unit's responses through the Responses table's gsi1 (`UNIT#<id>`, sorted by
 * submission time), for the monitor job. It builds no key strings itself: `responseKeys` does.
 */
import { type DynamoDBClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { serviceDayRange } from '../domain/service-day';
import type { LatestResponse, UnitResponseIndex } from '../services/monitor-ports';
import { withDbErrors } from './errors';
import { fromItem, toItem } from './item';
import { responseKeys } from './keys/responses';
import { queryPages } from './paginate';

const indexPk = (unitId: string) => responseKeys.responseOfUnit(unitId, '', '').gsi1pk;

/** The newest response of a unit: one item, newest first, projected down to time and day. */
export const buildLatestResponseQuery = (table: string, unitId: string): QueryCommandInput => ({
  TableName: table,
  IndexName: 'gsi1',
  KeyConditionExpression: 'gsi1pk = :pk',
  ExpressionAttributeValues: toItem({ ':pk': indexPk(unitId) }),
  ExpressionAttributeNames: { '#day': 'day' },
  ProjectionExpression: 'submittedAt, #day',
  ScanIndexForward: false,
  Limit: 1,
});

/**
 * The instants bounding a China Standard Time service day, as ISO strings. The sort key is
 * `<submittedAt>#<responseId>`, so BETWEEN start AND end takes every response from the day's first
 * millisecond and none at the next day's (`<end>#…` sorts after `<end>`).
 */
export function serviceDayBounds(day: string): { start: string; end: string } {
  const { since, until } = serviceDayRange(day, day);
  return { start: since, end: until };
}

/** Counts a unit's responses submitted on one service day (COUNT only: no item leaves the table). */
export const buildCountOnDayQuery = (table: string, unitId: string, day: string): QueryCommandInput => {
  const { start, end } = serviceDayBounds(day);
  return {
    TableName: table,
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :start AND :end',
    ExpressionAttributeValues: toItem({ ':pk': indexPk(unitId), ':start': start, ':end': end }),
    Select: 'COUNT',
  };
};

export class UnitResponseIndexReader implements UnitResponseIndex {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async latestResponse(unitId: string): Promise<LatestResponse | undefined> {
    const out = await withDbErrors(() =>
      this.client.send(new QueryCommand(buildLatestResponseQuery(this.table, unitId))),
    );
    const [item] = out.Items ?? [];
    return item ? fromItem<LatestResponse>(item) : undefined;
  }

  async countResponsesOnDay(unitId: string, day: string): Promise<number> {
    let count = 0;
    for await (const page of queryPages(this.client, buildCountOnDayQuery(this.table, unitId, day)))
      count += page.Count ?? 0;
    return count;
  }
}
