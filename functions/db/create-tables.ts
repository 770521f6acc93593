/** Creates the tables from the same specs CDK uses (functions/db/tables.ts). Safe to run again. */
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { allTables, type TableSpec } from './tables';

/** The CreateTable input for a spec (on-demand, like the CDK tables). */
export function buildCreateTableInput(spec: TableSpec, name: string): CreateTableCommandInput {
  const keys = [
    spec.partitionKey,
    spec.sortKey,
    ...spec.globalIndexes.flatMap((g) => [g.partitionKey, g.sortKey]),
  ];
  const attributes = new Map(keys.filter((k) => k !== undefined).map((k) => [k.name, k.type]));
  const schema = (pk: TableSpec['partitionKey'], sk?: TableSpec['sortKey']) => [
    { AttributeName: pk.name, KeyType: 'HASH' as const },
    ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' as const }] : []),
  ];
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    StreamSpecification: spec.stream ? { StreamEnabled: true, StreamViewType: spec.stream } : undefined,
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType,
    })),
    KeySchema: schema(spec.partitionKey, spec.sortKey),
    GlobalSecondaryIndexes:
      spec.globalIndexes.length > 0
        ? spec.globalIndexes.map((g) => ({
            IndexName: g.indexName,
            KeySchema: schema(g.partitionKey, g.sortKey),
            Projection: { ProjectionType: 'ALL' as const },
          }))
        : undefined,
  };
}

/**
 * Adds the spec's global indexes that an existing table (e.g. a local data folder from an earlier
 * version) lacks, one at a time as DynamoDB requires. The caller backfills their key attributes.
 */
async function addMissingIndexes(client: DynamoDBClient, spec: TableSpec, name: string): Promise<void> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  const have = new Set((Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
  const full = buildCreateTableInput(spec, name);
  for (const index of full.GlobalSecondaryIndexes ?? []) {
    if (have.has(index.IndexName)) continue;
    const keys = new Set(index.KeySchema?.map((k) => k.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: full.AttributeDefinitions?.filter((a) => keys.has(a.AttributeName)),
        GlobalSecondaryIndexUpdates: [
          {
            Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection },
          },
        ],
      }),
    );
  }
}

/**
 * Creates every missing table named `{prefix}{logicalName}`; returns the names it created.
 * `timeToLive: false` leaves the specs' TTL off: for tests, whose simulated days lie in the past,
 * so that DynamoDB Local's background sweep never deletes an item (a counter) in the middle of one.
 */
export async function ensureTables(
  client: DynamoDBClient,
  prefix: string,
  opts: { timeToLive?: boolean } = {},
): Promise<string[]> {
  const created: string[] = [];
  for (const spec of allTables) {
    const name = prefix + spec.logicalName;
    try {
      await client.send(new CreateTableCommand(buildCreateTableInput(spec, name)));
      created.push(name);
    } catch (err) {
      if ((err as Error).name !== 'ResourceInUseException') throw err;
      await addMissingIndexes(client, spec, name);
      continue;
    }
    if (spec.timeToLiveAttribute && opts.timeToLive !== false) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { AttributeName: spec.timeToLiveAttribute, Enabled: true },
        }),
      );
    }
  }
  return created;
}
