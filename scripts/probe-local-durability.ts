/**
 * Probe: does DynamoDB Local keep what it acknowledged when its JVM is killed (SIGKILL)
 * right after the acknowledgement? Writes bursts of 20 concurrent PutItems, or 20 concurrent
 * three-item TransactWriteItems, kills the JVM as soon as the last one is acknowledged, restarts it
 * on the same folder, and counts what is gone (and any transaction found half-written).
 *
 *   [BARRIER=put|get] npx tsx scripts/probe-local-durability.ts [put|transact] [trials=20]
 *
 * Findings on this machine are in the README's Reliability section. Real DynamoDB acknowledges
 * only durable writes; this measures the embedded stand-in, not our code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '../functions/db/client';
import { startDynamoLocal } from '../local/dynamo-local';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const mode = process.argv[2] === 'put' ? 'put' : 'transact';
const trials = Number(process.argv[3] ?? 20);
const dir = mkdtempSync(join(tmpdir(), 'kmpj-durability-'));
const db = await startDynamoLocal({ dataDir: dir });
const client = createDynamoClient({ endpoint: db.endpoint });
const TableName = 'probe';
try {
  await client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
  const write = (pk: string) =>
    mode === 'put'
      ? client.send(new PutItemCommand({ TableName, Item: { pk: { S: pk } } }))
      : client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              {
                Put: { TableName, Item: { pk: { S: pk } }, ConditionExpression: 'attribute_not_exists(pk)' },
              },
              { Put: { TableName, Item: { pk: { S: `${pk}#sub` } } } },
              {
                Update: {
                  TableName,
                  Key: { pk: { S: 'agg' } },
                  UpdateExpression: 'ADD n :one',
                  ExpressionAttributeValues: { ':one': { N: '1' } },
                },
              },
            ],
          }),
        );
  const present = async (pk: string) =>
    (await client.send(new GetItemCommand({ TableName, Key: { pk: { S: pk } }, ConsistentRead: true })))
      .Item !== undefined;
  let lost = 0;
  let partial = 0;
  for (let t = 0; t < trials; t++) {
    const ids = Array.from({ length: 20 }, (_, i) => `t${t}-${i}`);
    await Promise.all(ids.map(write));
    // BARRIER=put|get: one more request after the last acknowledgement, before the kill.
    if (process.env.BARRIER === 'put') {
      await client.send(new PutItemCommand({ TableName, Item: { pk: { S: `barrier${t}` } } }));
    } else if (process.env.BARRIER === 'get') await present('agg');
    db.kill();
    await db.restart();
    for (const pk of ids) {
      const main = await present(pk);
      if (!main) lost++;
      if (mode === 'transact' && main !== (await present(`${pk}#sub`))) partial++;
    }
  }
  console.log(
    `durability probe (${mode}): acknowledged ${trials * 20}, gone after SIGKILL ${lost}${mode === 'transact' ? `, half-written ${partial}` : ''}`,
  );
} finally {
  client.destroy();
  await db.stop();
  rmSync(dir, { recursive: true, force: true });
}
