/** What the database actually holds, read independently of the API. */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { createDynamoClient } from '../../functions/db/client';
import { ResponseRepository } from '../../functions/db/response-repository';
import { tableNamesWithPrefix } from '../../functions/db/table-names';
import type { LocalStack } from '../../functions/local/stack';

export interface StoredCounts {
  /** submissionId → number of Response items carrying it. */
  responsesBySubmission: Map<string, number>;
  /** Σ of the `responses` counter over every service point's daily aggregates. */
  servicePointAggregateTotal: number;
  /** Σ of the `responses` counter over every unit's daily aggregates. */
  unitAggregateTotal: number;
}

export async function readStored(stack: LocalStack, days: string[]): Promise<StoredCounts> {
  const client = createDynamoClient({ endpoint: stack.dynamoEndpoint, maxAttempts: 10 });
  const tables = tableNamesWithPrefix(stack.tablePrefix);
  const responsesBySubmission = new Map<string, number>();
  let start: Record<string, never> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tables.responses,
        FilterExpression: 'entity = :e',
        ExpressionAttributeValues: { ':e': { S: 'Response' } },
        ProjectionExpression: 'submissionId',
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const id = String(unmarshall(item).submissionId);
      responsesBySubmission.set(id, (responsesBySubmission.get(id) ?? 0) + 1);
    }
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  const repo = new ResponseRepository(client, tables);
  const spIds = [...new Set(stack.demoForms.map((f) => f.servicePointId))];
  const unitIds = [...new Set(spIds.map((id) => id.split('-')[0]!))];
  const sum = async (ids: string[]) => {
    let total = 0;
    for (const id of ids) {
      for (const a of await repo.dailyAggregates(id, days[0]!, days[days.length - 1]!)) total += a.responses;
    }
    return total;
  };
  const result = {
    responsesBySubmission,
    servicePointAggregateTotal: await sum(spIds),
    unitAggregateTotal: await sum(unitIds),
  };
  client.destroy();
  return result;
}
