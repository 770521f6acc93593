/** Independent counts read straight from the tables, to check what the API claims. */
import { QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { toItem } from '../../functions/db/item';
import { responseKeys } from '../../functions/db/keys/responses';
import { ResponseRepository } from '../../functions/db/response-repository';
import { serviceDay } from '../../functions/domain/service-day';
import type { TestDb } from '../fixtures/test-db';

/** Every item of an entity in a table (test tables are small). */
export async function countEntity(db: TestDb, table: string, entity: string): Promise<number> {
  let count = 0;
  let start: Record<string, never> | undefined;
  do {
    const page = await db.client.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'entity = :e',
        ExpressionAttributeValues: toItem({ ':e': entity }),
        Select: 'COUNT',
        ExclusiveStartKey: start,
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return count;
}

/** Responses stored for a unit, through its index. */
export async function countUnitResponses(db: TestDb, unitId: string): Promise<number> {
  const { gsi1pk } = responseKeys.responseOfUnit(unitId, '', '');
  const out = await db.client.send(
    new QueryCommand({
      TableName: db.tables.responses,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: toItem({ ':pk': gsi1pk }),
      Select: 'COUNT',
    }),
  );
  return out.Count ?? 0;
}

/** Today's aggregate counters of a node, summed over questionnaire versions. */
export async function todaysAggregate(db: TestDb, nodeId: string) {
  const day = serviceDay(new Date());
  const aggs = await new ResponseRepository(db.client, db.tables).dailyAggregates(nodeId, day, day);
  return {
    responses: aggs.reduce((n, a) => n + a.responses, 0),
    level: (q: string, l: number) => aggs.reduce((n, a) => n + (a.questions[q]?.levels?.[l] ?? 0), 0),
    sum: (q: string) => aggs.reduce((n, a) => n + (a.questions[q]?.sum ?? 0), 0),
  };
}
