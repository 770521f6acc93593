import {
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  type GetItemCommandInput,
  QueryCommand,
  ThrottlingException,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { aSubmission } from '../fixtures/factories';
import { FaultInjectingHandler } from '../fixtures/fault-handler';
import { createPublicStack, type PublicStack } from '../fixtures/public-stack';
import { countUnitResponses, todaysAggregate } from './count';

let stack: PublicStack;
beforeAll(async () => {
  stack = await createPublicStack();
});

const submit = (app: ReturnType<PublicStack['app']>, token: string, body = aSubmission()) =>
  app.request(`/api/v1/forms/${token}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const cancelled = (codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('SDK retries through a fault-injecting request handler on the real database', () => {
  it('retries throttled and failed transactions and counts the submission once', async () => {
    const form = stack.forms[0]!;
    const handler = new FaultInjectingHandler().inject(
      'TransactWriteItems',
      { kind: 'throttle' },
      { kind: 'server-error' },
    );
    const client = stack.db.newClient({ requestHandler: handler, maxAttempts: 3 });
    const before = await todaysAggregate(stack.db, form.servicePointId);
    const res = await submit(stack.app({ client }), form.token);
    expect(res.status).toBe(201);
    expect(handler.pending).toBe(0);
    expect(handler.seen.filter((t) => t === 'TransactWriteItems')).toHaveLength(3);
    expect((await todaysAggregate(stack.db, form.servicePointId)).responses - before.responses).toBe(1);
  });

  it('counts once when the commit succeeded but its acknowledgement was lost and the SDK retried', async () => {
    const form = stack.forms[1]!;
    const unitId = form.servicePointId.split('-')[0]!;
    const handler = new FaultInjectingHandler().inject('TransactWriteItems', { kind: 'drop-after-send' });
    const client = stack.db.newClient({ requestHandler: handler, maxAttempts: 3 });
    const body = aSubmission();
    const beforeAgg = await todaysAggregate(stack.db, form.servicePointId);
    const beforeCount = await countUnitResponses(stack.db, unitId);
    const res = await submit(stack.app({ client }), form.token, body);
    expect(res.status).toBe(201);
    expect(handler.seen.filter((t) => t === 'TransactWriteItems')).toHaveLength(2);
    const replay = await submit(stack.app(), form.token, body);
    expect(await replay.json()).toEqual(await res.json());
    expect((await todaysAggregate(stack.db, form.servicePointId)).responses - beforeAgg.responses).toBe(1);
    expect((await countUnitResponses(stack.db, unitId)) - beforeCount).toBe(1);
  });

  it('answers 503 with Retry-After when throttling outlasts the retries, and stores nothing', async () => {
    const form = stack.forms[2]!;
    const handler = new FaultInjectingHandler().inject(
      'TransactWriteItems',
      { kind: 'throttle' },
      { kind: 'throttle' },
      { kind: 'throttle' },
    );
    const client = stack.db.newClient({ requestHandler: handler, maxAttempts: 3 });
    const before = await todaysAggregate(stack.db, form.servicePointId);
    const res = await submit(stack.app({ client }), form.token);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    const body = JSON.stringify(await res.json());
    expect(body).not.toMatch(/Throttling|dynamodb|amazonaws/i);
    expect((await todaysAggregate(stack.db, form.servicePointId)).responses).toBe(before.responses);
  });

  it('answers 503, not 500, when the database cannot be reached', async () => {
    const client = new DynamoDBClient({
      endpoint: 'http://127.0.0.1:9',
      region: 'cn-north-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 2,
    });
    const res = await stack.app({ client }).request(`/api/v1/forms/${stack.forms[0]!.token}`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE' } });
  });
});

describe('business branches with aws-sdk-client-mock', () => {
  /** A mocked client that serves reads from the real stack's data and fails the transaction. */
  async function mockedApp(onTransact: () => Promise<never> | never) {
    const real = stack.db.client;
    const client = new DynamoDBClient({ region: 'cn-north-1' });
    const mock = mockClient(client);
    mock.on(GetItemCommand).callsFake((input) => real.send(new GetItemCommand(input)));
    mock.on(BatchGetItemCommand).callsFake((input) => real.send(new BatchGetItemCommand(input)));
    mock.on(QueryCommand).callsFake((input) => real.send(new QueryCommand(input)));
    mock.on(TransactWriteItemsCommand).callsFake(onTransact);
    return { app: stack.app({ client }), mock };
  }

  it('treats a cancelled transaction on the submission record as a replay and returns the first receipt', async () => {
    const form = stack.forms[3]!;
    const body = aSubmission();
    const first = await submit(stack.app(), form.token, body);
    const { app, mock } = await mockedApp(() => {
      throw cancelled(['ConditionalCheckFailed', 'None', 'None', 'None', 'None']);
    });
    const res = await submit(app, form.token, body);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual(await first.json());
    expect(mock).toHaveReceivedCommandTimes(TransactWriteItemsCommand, 1);
  });

  it('answers 410 when the code was revoked after its record was cached, without a transaction', async () => {
    const { app, mock } = await mockedApp(() => {
      throw new Error('must not be called');
    });
    const real = stack.db.client;
    mock.on(GetItemCommand).callsFake(async (input: GetItemCommandInput) => {
      const out = await real.send(new GetItemCommand(input));
      const tokenStatus =
        input.ProjectionExpression === '#status' && input.TableName === stack.db.tables.directory;
      return tokenStatus ? { ...out, Item: { status: { S: 'revoked' } } } : out;
    });
    const res = await submit(app, stack.forms[4]!.token);
    expect(res.status).toBe(410);
    expect(await res.json()).toMatchObject({ error: { code: 'TOKEN_REVOKED' } });
    expect(mock).toHaveReceivedCommandTimes(TransactWriteItemsCommand, 0);
  });

  it('answers 410 when the version was archived after its content was cached, without a transaction', async () => {
    const form = stack.forms[4]!;
    const real = stack.db.client;
    const client = new DynamoDBClient({ region: 'cn-north-1' });
    const mock = mockClient(client);
    mock.on(GetItemCommand).callsFake(async (input: GetItemCommandInput) => {
      const out = await real.send(new GetItemCommand(input));
      // The fresh status read sees the archiving; the cached content still says published.
      const versionStatus =
        input.ProjectionExpression === '#status' && input.TableName !== stack.db.tables.directory;
      return versionStatus ? { ...out, Item: { status: { S: 'archived' } } } : out;
    });
    mock.on(BatchGetItemCommand).callsFake((input) => real.send(new BatchGetItemCommand(input)));
    mock.on(QueryCommand).callsFake((input) => real.send(new QueryCommand(input)));
    mock.on(TransactWriteItemsCommand).rejects(new Error('must not be called'));
    const res = await submit(stack.app({ client }), form.token, aSubmission({ version: 1 }));
    expect(res.status).toBe(410);
    expect(await res.json()).toMatchObject({ error: { code: 'QUESTIONNAIRE_ARCHIVED' } });
    expect(mock).toHaveReceivedCommandTimes(TransactWriteItemsCommand, 0);
  });

  it('retries a transaction cancelled by a conflict and counts the ballot once', async () => {
    const form = stack.forms[5]!;
    const real = stack.db.client;
    let conflicts = 2;
    const { app, mock } = await mockedApp(() => {
      throw cancelled(['None', 'TransactionConflict', 'None', 'None', 'None', 'None']);
    });
    mock.on(TransactWriteItemsCommand).callsFake((input) => {
      if (conflicts-- > 0) throw cancelled(['None', 'None', 'None', 'None', 'TransactionConflict', 'None']);
      return real.send(new TransactWriteItemsCommand(input));
    });
    const before = await todaysAggregate(stack.db, form.servicePointId);
    const res = await submit(app, form.token);
    expect(res.status).toBe(201);
    expect(mock).toHaveReceivedCommandTimes(TransactWriteItemsCommand, 3);
    expect((await todaysAggregate(stack.db, form.servicePointId)).responses - before.responses).toBe(1);
  });

  it('answers 503 when conflicts outlast the retries, so the client retries', async () => {
    const { app, mock } = await mockedApp(() => {
      throw cancelled(['None', 'TransactionConflict', 'None', 'None', 'None', 'None']);
    });
    expect((await submit(app, stack.forms[5]!.token)).status).toBe(503);
    expect(mock).toHaveReceivedCommandTimes(TransactWriteItemsCommand, 8);
  });

  it('answers 503 on ThrottlingException without leaking SDK details', async () => {
    const { app } = await mockedApp(() => {
      throw new ThrottlingException({ message: 'Rate exceeded', $metadata: {} });
    });
    const res = await submit(app, stack.forms[5]!.token);
    expect(res.status).toBe(503);
    expect(JSON.stringify(await res.json())).not.toContain('Rate exceeded');
  });

  it('answers a generic 500 for an unexpected failure, without internals', async () => {
    const { app } = await mockedApp(() => {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    });
    const res = await submit(app, stack.forms[5]!.token);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: { code: 'INTERNAL', message: expect.any(String), messageEn: expect.any(String) },
    });
  });

  it('never reaches the database for a request that fails validation', async () => {
    const { app, mock } = await mockedApp(() => {
      throw new Error('must not be called');
    });
    const res = await submit(app, stack.forms[0]!.token, {
      ...aSubmission(),
      answers: { q_overall: 'x' },
    } as never);
    expect(res.status).toBe(400);
    expect(mock).toHaveReceivedCommandTimes(TransactWriteItemsCommand, 0);
  });
});
