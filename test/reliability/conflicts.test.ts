/**
 * Part 3b: transaction conflicts on the submission path. Real DynamoDB cancels a transaction that
 * meets another on an item (`TransactionConflict`); DynamoDB Local never does, so aws-sdk-client-mock
 * injects them (with throttling, throttled cancellations and lost acknowledgements) in front of the
 * real database. Citizens' phones re-send on 503 with the same submission id, as the form does.
 * Then the database is read directly: every acknowledged ballot stored once, none lost, none twice,
 * and the official aggregates (summed over their shards) plus the quarantine equal the ballots stored.
 */
import {
  BatchGetItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ThrottlingException,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { integrityKeys, quarantineAttr } from '../../functions/db/keys/integrity';
import { ResponseRepository } from '../../functions/db/response-repository';
import { serviceDay } from '../../functions/domain/service-day';
import { publicServices } from '../../functions/handlers/public-deps';
import { createPublicApp } from '../../functions/http/public-app';
import { createPublicStack, type PublicStack, silentLogger } from '../fixtures/public-stack';
import { newSubmission, seeded } from './client';
import { responsesBySubmission } from './stored';

const TOTAL = Number(process.env.RELIABILITY_CONFLICT_N ?? 600);
const CONCURRENCY = 20;
/** Share of transactions that meet each fault before (or, for a lost acknowledgement, after) the database. */
const RATES = { conflict: 0.3, throttled: 0.04, cancelledThrottled: 0.04, lostAck: 0.04 };

let stack: PublicStack;
beforeAll(async () => {
  stack = await createPublicStack();
});

const cancelled = (code: string, items: number) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: Array.from({ length: items }, (_, i) => ({ Code: i === 1 ? code : 'None' })),
  });

/** A client whose reads go to the real database and whose transactions meet the faults first. */
function faultyClient(rnd: () => number) {
  const real = stack.db.client;
  const client = new DynamoDBClient({ region: 'cn-north-1' });
  const mock = mockClient(client);
  const injected = { conflict: 0, throttled: 0, cancelledThrottled: 0, lostAck: 0, committed: 0 };
  mock.onAnyCommand().rejects(new Error('a command the submission path was not expected to send'));
  mock.on(GetItemCommand).callsFake((input) => real.send(new GetItemCommand(input)));
  mock.on(BatchGetItemCommand).callsFake((input) => real.send(new BatchGetItemCommand(input)));
  mock.on(QueryCommand).callsFake((input) => real.send(new QueryCommand(input)));
  mock.on(PutItemCommand).callsFake((input) => real.send(new PutItemCommand(input)));
  mock.on(UpdateItemCommand).callsFake((input) => real.send(new UpdateItemCommand(input)));
  mock.on(TransactWriteItemsCommand).callsFake(async (input) => {
    const items = input.TransactItems?.length ?? 0;
    const r = rnd();
    const throttledFrom = RATES.conflict;
    const cancelledFrom = throttledFrom + RATES.throttled;
    const committedFrom = cancelledFrom + RATES.cancelledThrottled;
    if (r < throttledFrom) {
      injected.conflict++;
      throw cancelled('TransactionConflict', items);
    }
    if (r < cancelledFrom) {
      injected.throttled++;
      throw new ThrottlingException({ message: 'Rate exceeded', $metadata: {} });
    }
    if (r < committedFrom) {
      injected.cancelledThrottled++;
      throw cancelled('ThrottlingError', items);
    }
    const out = await real.send(new TransactWriteItemsCommand(input));
    injected.committed++;
    if (r < committedFrom + RATES.lostAck) {
      // Committed, but the answer never reaches the Lambda.
      injected.lostAck++;
      throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    }
    return out;
  });
  return { client, injected };
}

describe('transaction conflicts on the submission path', () => {
  it('loses nothing and counts nothing twice under injected conflicts, throttling and lost acknowledgements', async () => {
    const rnd = seeded(17);
    const { client, injected } = faultyClient(rnd);
    const app = createPublicApp({
      logger: silentLogger(),
      ...publicServices({
        client,
        tables: stack.db.tables,
        qrKey: stack.qrKey,
        // All ballots come from one address to a few windows: lift the caps that would quarantine
        // nearly all of them (the limits themselves are tested elsewhere); every ballot is still checked.
        integrityDefaults: {
          limits: { perNetwork4: 1e6, perStaticToken: 1e6, burst: 1e6, sameAnswers: 1e6 },
        },
      }),
    });
    const sent = Array.from({ length: TOTAL }, (_, i) =>
      newSubmission(stack.forms[i % stack.forms.length]!, rnd),
    );
    const acknowledged = new Map<string, string>();
    let requests = 0;
    let answered503 = 0;
    let next = 0;
    const citizen = async () => {
      for (let i = next++; i < sent.length; i = next++) {
        const s = sent[i]!;
        // The phone's queue: re-send the same body until it is accepted.
        for (let attempt = 0; attempt < 20; attempt++) {
          requests++;
          const res = await app.request(`/api/v1/forms/${s.form.token}/responses`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(s.body),
          });
          if (res.status === 201) {
            const receipt = (await res.json()) as { responseId: string };
            const first = acknowledged.get(s.submissionId);
            expect(first === undefined || first === receipt.responseId).toBe(true);
            acknowledged.set(s.submissionId, receipt.responseId);
            break;
          }
          expect(res.status).toBe(503);
          answered503++;
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, citizen));

    // What the database holds, read directly.
    const stored = await responsesBySubmission(stack.db.client, stack.db.tables.responses);
    const lost = sent.filter((s) => acknowledged.has(s.submissionId) && !stored.has(s.submissionId)).length;
    const duplicated = [...stored.values()].filter((n) => n > 1).length;
    const phantom = [...stored.keys()].filter((id) => !acknowledged.has(id)).length;

    const day = serviceDay(new Date());
    const repo = new ResponseRepository(stack.db.client, stack.db.tables);
    const sps = [...new Set(stack.forms.map((f) => f.servicePointId))];
    const units = [...new Set(sps.map((id) => id.split('-')[0]!))];
    let official = 0;
    let officialUnits = 0;
    let quarantined = 0;
    for (const id of sps) for (const a of await repo.dailyAggregates(id, day, day)) official += a.responses;
    for (const id of units) {
      for (const a of await repo.dailyAggregates(id, day, day)) officialUnits += a.responses;
      const out = await stack.db.client.send(
        new QueryCommand({
          TableName: stack.db.tables.responses,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: integrityKeys.quarantine(id, '', '').pk } },
        }),
      );
      for (const item of out.Items ?? [])
        quarantined += Number(unmarshall(item)[quarantineAttr.quarantined] ?? 0);
    }
    const storedTotal = [...stored.values()].reduce((a, b) => a + b, 0);
    console.log(
      `reliability/conflicts: ${TOTAL} ballots, ${requests} requests (${answered503} answered 503 and re-sent); ` +
        `transactions: ${injected.conflict} conflicts, ${injected.throttled} throttled, ` +
        `${injected.cancelledThrottled} cancelled as throttled, ${injected.lostAck} committed with the answer lost, ` +
        `${injected.committed} committed; acknowledged ${acknowledged.size}, stored ${storedTotal}, ` +
        `lost ${lost}, duplicated ${duplicated}, phantom ${phantom}; ` +
        `official aggregates ${official} (units ${officialUnits}) + quarantine ${quarantined} = ${official + quarantined}`,
    );
    expect(injected.conflict).toBeGreaterThan(0);
    expect(injected.lostAck).toBeGreaterThan(0);
    expect(acknowledged.size).toBe(TOTAL);
    expect({ lost, duplicated, phantom }).toEqual({ lost: 0, duplicated: 0, phantom: 0 });
    expect(storedTotal).toBe(TOTAL);
    expect(official + quarantined).toBe(TOTAL);
    expect(officialUnits).toBe(official);
  });
});
