/**
 * The local stack's commit barrier (functions/db/client.ts): DynamoDB Local acknowledges a
 * transaction before its commit is final, so locally a transaction returns only after one
 * strongly consistent read of its first item; if that read fails, the call fails (and the
 * caller's retry is idempotent). Proven against a kill in test/reliability/db-kill.test.ts.
 */
import { PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { FaultInjectingHandler } from '../fixtures/fault-handler';
import { createTestDb, type TestDb } from '../fixtures/test-db';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});

const transaction = (table: string, pk: string) =>
  new TransactWriteItemsCommand({
    TransactItems: [
      { Put: { TableName: table, Item: { pk: { S: pk }, sk: { S: 'A' } } } },
      { Put: { TableName: table, Item: { pk: { S: pk }, sk: { S: 'B' } } } },
    ],
  });

describe('the local commit barrier', () => {
  it('reads the first item of every transaction back, strongly consistent, before returning', async () => {
    const handler = new FaultInjectingHandler();
    const client = db.newClient({ commitBarrier: true, requestHandler: handler });
    await client.send(transaction(db.tables.responses, 'barrier-1'));
    await client.send(
      new PutItemCommand({ TableName: db.tables.responses, Item: { pk: { S: 'x' }, sk: { S: 'y' } } }),
    );
    expect(handler.seen).toEqual(['TransactWriteItems', 'GetItem', 'PutItem']);
  });

  it('fails the transaction call when the read after it fails, instead of acknowledging', async () => {
    const handler = new FaultInjectingHandler().inject(
      'GetItem',
      { kind: 'connection-reset' },
      { kind: 'connection-reset' },
      { kind: 'connection-reset' },
    );
    const client = db.newClient({ commitBarrier: true, requestHandler: handler });
    await expect(client.send(transaction(db.tables.responses, 'barrier-2'))).rejects.toThrow(
      /socket hang up/,
    );
  });

  it('is off unless asked for (AWS, tests)', async () => {
    const handler = new FaultInjectingHandler();
    const client = db.newClient({ requestHandler: handler });
    await client.send(transaction(db.tables.responses, 'barrier-3'));
    expect(handler.seen).toEqual(['TransactWriteItems']);
  });
});
