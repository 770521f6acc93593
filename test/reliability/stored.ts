/** What the database actually holds, read independently of the API. */
import { type DynamoDBClient, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { createDynamoClient } from '../../functions/db/client';
import { integrityKeys, quarantineAttr } from '../../functions/db/keys/integrity';
import { ResponseRepository } from '../../functions/db/response-repository';
import { tableNamesWithPrefix } from '../../functions/db/table-names';
import type { LocalStack } from '../../local/stack';

export interface StoredCounts {
  /** submissionId → number of Response items carrying it. */
  responsesBySubmission: Map<string, number>;
  /** Σ of the `responses` counter over every service point's daily aggregates. */
  servicePointAggregateTotal: number;
  /** Σ of the `responses` counter over every unit's daily aggregates. */
  unitAggregateTotal: number;
  /**
   * Σ of the quarantine counters: ballots the integrity checks keep out of the official figures
   * (the load client sends everything from 127.0.0.1 within minutes, so quiet limits and burst
   * signals quarantine many). Each ballot is counted exactly once: officially or in quarantine.
   */
  quarantinedTotal: number;
}

/** submissionId → number of Response items carrying it, by a Scan of the Responses table. */
export async function responsesBySubmission(
  client: DynamoDBClient,
  table: string,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  let start: Record<string, never> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'entity = :e',
        ExpressionAttributeValues: { ':e': { S: 'Response' } },
        ProjectionExpression: 'submissionId',
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const id = String(unmarshall(item).submissionId);
      out.set(id, (out.get(id) ?? 0) + 1);
    }
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return out;
}

export async function readStored(stack: LocalStack, days: string[]): Promise<StoredCounts> {
  // A bulk read of the whole table after the run, not a citizen's request: the Responses table then
  // holds every ballot with its receipts, case inbox copies and push outbox entries, and a 1 MB scan
  // page on DynamoDB Local can take longer than the 3 s a phone's request is given.
  const client = createDynamoClient({
    endpoint: stack.dynamoEndpoint,
    maxAttempts: 10,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 30_000, throwOnRequestTimeout: true },
  });
  const tables = tableNamesWithPrefix(stack.tablePrefix);
  const bySubmission = await responsesBySubmission(client, tables.responses);
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
  let quarantinedTotal = 0;
  for (const unitId of unitIds) {
    const { pk } = integrityKeys.quarantine(unitId, '', '');
    let qStart: Record<string, never> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tables.responses,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: pk } },
          ExclusiveStartKey: qStart,
        }),
      );
      for (const item of page.Items ?? [])
        quarantinedTotal += Number(unmarshall(item)[quarantineAttr.quarantined] ?? 0);
      qStart = page.LastEvaluatedKey as typeof qStart;
    } while (qStart);
  }
  const result = {
    quarantinedTotal,
    responsesBySubmission: bySubmission,
    servicePointAggregateTotal: await sum(spIds),
    unitAggregateTotal: await sum(unitIds),
  };
  client.destroy();
  return result;
}
