/**
 * Reads that never come back short: the audit trail pages by cursor, Query pages are followed by
 * the SDK's paginator, and BatchGetItem's unprocessed keys are retried with backoff or the read
 * fails. The database is DynamoDB Local throughout; aws-sdk-client-mock only injects the faults
 * (unprocessed keys) and passes every request on to the real database.
 */
import {
  BatchGetItemCommand,
  type BatchGetItemCommandInput,
  GetItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAuditDayQuery, buildAuditPut } from '../../functions/db/audit-repository';
import { BatchGetIncompleteError } from '../../functions/db/batch-get';
import type { RetryClock } from '../../functions/db/conflict-retry';
import { DirectoryRepository } from '../../functions/db/directory-repository';
import { queryAll } from '../../functions/db/paginate';
import { QuestionnaireRepository } from '../../functions/db/questionnaire-repository';
import type { AuditEntry } from '../../functions/domain/audit';
import { beijingInstant } from '../../functions/domain/service-day';
import { handleWithAuthHeader } from '../fixtures/console-request';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { aQuestionnaire } from '../fixtures/factories';
import { FaultInjectingHandler } from '../fixtures/fault-handler';

const V1 = '/api/console/v1';
/** Days no other test in this file writes audit entries on. */
const DAYS = ['2026-01-10', '2026-01-11', '2026-01-12'];
const COUNTY = '130000/130600/130628';

let stack: ConsoleStack;
/** The entries under 高阳县, newest first (the order the API must return them in). */
let inScope: AuditEntry[];

const entry = (day: string, minute: number, path: string, n: number): AuditEntry => ({
  id: `e-${day}-${String(minute).padStart(3, '0')}-${n}`,
  at: beijingInstant(day, '08:00', minute * 60).toISOString(),
  actor: { userId: 'u', name: '测试', role: 'county_admin' },
  action: 'org.rename',
  targetType: 'node',
  targetId: path.split('/').at(-1)!,
  targetPath: path,
});

beforeAll(async () => {
  stack = await createConsoleStack();
  const all: AuditEntry[] = [];
  // 22 entries in the county over three days (one at 00:10 Beijing time, the UTC day before),
  // 6 in another county that the county admin must not see.
  DAYS.forEach((day, d) => {
    for (let i = 0; i < 7 + d; i++)
      all.push(entry(day, d === 0 && i === 0 ? -470 : i * 7, `${COUNTY}/130628001`, i));
    for (let i = 0; i < 2; i++) all.push(entry(day, i * 11 + 3, '130000/130100/130102', i));
  });
  for (let i = 0; i < all.length; i += 25) {
    await stack.db.client.send(
      new TransactWriteItemsCommand({
        TransactItems: all.slice(i, i + 25).map((e) => buildAuditPut(stack.db.tables.audit, e)),
      }),
    );
  }
  inScope = all
    .filter((e) => e.targetPath.startsWith(`${COUNTY}/`))
    .sort((a, b) => (a.at === b.at ? b.id.localeCompare(a.id) : b.at.localeCompare(a.at)));
});

/** Follows `nextCursor` from the first page to the last; returns the pages' entry ids. */
async function readAllPages(limit: number, app = stack.as('county-admin')) {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const qs = new URLSearchParams({ from: DAYS[0]!, to: DAYS[2]!, limit: String(limit) });
    if (cursor) qs.set('cursor', cursor);
    const res = await app.get(`${V1}/audit?${qs}`);
    expect(res.status).toBe(200);
    pages.push(res.body.entries.map((e: AuditEntry) => e.id));
    cursor = res.body.nextCursor;
  } while (cursor && pages.length < 50);
  return pages;
}

describe('the audit trail pages by cursor', () => {
  it('returns every entry of the subtree once, newest first, across days, then no cursor', async () => {
    expect(inScope).toHaveLength(7 + 8 + 9);
    const pages = await readAllPages(5);
    expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 4]);
    expect(pages.flat()).toEqual(inScope.map((e) => e.id));
  });

  it('ends on a full last page without sending an empty one after it', async () => {
    const pages = await readAllPages(12);
    expect(pages.map((p) => p.length)).toEqual([12, 12]);
    expect(pages.flat()).toEqual(inScope.map((e) => e.id));
  });

  it('returns it all on one page when it fits, with no cursor', async () => {
    const res = await stack.as('county-admin').get(`${V1}/audit?from=${DAYS[0]}&to=${DAYS[2]}`);
    expect(res.body.entries.map((e: AuditEntry) => e.id)).toEqual(inScope.map((e) => e.id));
    expect(res.body.nextCursor).toBeUndefined();
  });

  it('refuses a cursor of another period or a forged one with 400 naming the cursor', async () => {
    const first = await stack.as('county-admin').get(`${V1}/audit?from=${DAYS[0]}&to=${DAYS[2]}&limit=3`);
    const cursor = first.body.nextCursor as string;
    expect(cursor).toBeTruthy();
    for (const bad of [
      `from=${DAYS[1]}&to=${DAYS[2]}&cursor=${cursor}`,
      `from=${DAYS[0]}&to=${DAYS[2]}&cursor=${Buffer.from('{"v":1}').toString('base64url')}`,
      `from=${DAYS[0]}&to=${DAYS[2]}&limit=0`,
    ]) {
      const res = await stack.as('county-admin').get(`${V1}/audit?${bad}`);
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].field).toMatch(/cursor|limit/);
    }
  });

  it('keeps paging through a throttled Query page: the SDK retries it under the paginator', async () => {
    const handler = new FaultInjectingHandler().inject('Query', { kind: 'pass' }, { kind: 'throttle' });
    const client = stack.db.newClient({ requestHandler: handler, maxAttempts: 3 });
    const app = handleWithAuthHeader(stack.console({ client }), () => stack.token('county-admin'));
    const pages = await readAllPages(4, app);
    expect(handler.pending).toBe(0);
    expect(pages.flat()).toEqual(inScope.map((e) => e.id));
  });
});

describe('the paginator', () => {
  it('follows LastEvaluatedKey to the last page', async () => {
    const client = stack.db.newClient();
    let queries = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'QueryCommand') queries++;
        return next(args);
      },
      { step: 'initialize', name: 'countQueries' },
    );
    const input = { ...buildAuditDayQuery(stack.db.tables.audit, DAYS[2]!, COUNTY), Limit: 2 };
    const items = await queryAll(client, input);
    expect(items).toHaveLength(9);
    expect(queries).toBeGreaterThanOrEqual(5);
    // The caller's input is not changed by the paginator.
    expect(input.ExclusiveStartKey).toBeUndefined();
  });
});

/**
 * A client on the real database whose BatchGetItem answers hold back keys as `UnprocessedKeys`:
 * the first `times` calls send only every other key on to DynamoDB Local and return the rest
 * as unprocessed (`times` = Infinity: every call).
 */
function withUnprocessedKeys(times: number, holdsBack: (keys: number) => boolean = () => true) {
  const real = stack.db.client;
  const client = stack.db.newClient();
  const mock = mockClient(client);
  mock.on(GetItemCommand).callsFake((input) => real.send(new GetItemCommand(input)));
  mock.on(QueryCommand).callsFake((input) => real.send(new QueryCommand(input)));
  const calls: number[] = [];
  mock.on(BatchGetItemCommand).callsFake(async (input: BatchGetItemCommandInput) => {
    const [table, req] = Object.entries(input.RequestItems ?? {})[0]!;
    const keys = req.Keys ?? [];
    calls.push(keys.length);
    if (calls.length > times || keys.length < 2 || !holdsBack(keys.length))
      return real.send(new BatchGetItemCommand(input));
    const served = keys.filter((_, i) => i % 2 === 0);
    const held = keys.filter((_, i) => i % 2 === 1);
    const out = await real.send(
      new BatchGetItemCommand({ RequestItems: { [table]: { ...req, Keys: served } } }),
    );
    return { ...out, UnprocessedKeys: { [table]: { ...req, Keys: held } } };
  });
  return { client, calls };
}

/** A retry clock that records the backoff asked for and does not wait. */
const recordingClock = () => {
  const sleeps: number[] = [];
  const clock: RetryClock = {
    now: () => 0,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.999,
  };
  return { clock, sleeps };
};

/** A unit owning five questionnaires of its own, so their titles take one BatchGet of five keys. */
const OWNER = '130628002';

describe('BatchGetItem with unprocessed keys', () => {
  beforeAll(async () => {
    for (let i = 0; i < 5; i++) {
      const content = aQuestionnaire({ title: { 'zh-CN': `标题${i}`, en: `Title ${i}` } });
      const res = await stack.as('county-admin').post(`${V1}/questionnaires`, { ownerId: OWNER, content });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  });

  it('reads every node of a list longer than one batch, retrying held-back keys with growing backoff', async () => {
    const counties = await stack.directory.listNodesOfKind('county');
    expect(counties.length).toBeGreaterThan(100);
    const ids = counties.map((c) => c.id);
    // Every request of more than 40 keys gets half of them back unprocessed, whichever batch of
    // 100 it retries and in whatever order the batches run side by side.
    const { client, calls } = withUnprocessedKeys(Number.POSITIVE_INFINITY, (keys) => keys > 40);
    const { clock, sleeps } = recordingClock();
    const nodes = await new DirectoryRepository(client, stack.db.tables.directory, { clock }).getNodes(ids);
    expect([...nodes.keys()].sort()).toEqual([...ids].sort());
    // Per batch of 100: held back while more than 40 keys are asked for; full jitter (random 0.999
    // here) below a ceiling that doubles from 20 ms: 19, then 39, then 79 ms.
    const expected: number[] = [];
    for (let at = 0; at < ids.length; at += 100) {
      for (let keys = Math.min(100, ids.length - at), k = 0; keys > 40; keys = Math.floor(keys / 2), k++)
        expected.push([19, 39, 79, 159][k]!);
    }
    expect(expected.length).toBeGreaterThan(2);
    expect(calls.length).toBe(Math.ceil(ids.length / 100) + expected.length);
    expect(sleeps.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
  });

  it('fails with 503 instead of returning fewer nodes when keys stay unprocessed', async () => {
    const counties = await stack.directory.listNodesOfKind('county');
    const { client, calls } = withUnprocessedKeys(Number.POSITIVE_INFINITY);
    const { clock, sleeps } = recordingClock();
    const read = new DirectoryRepository(client, stack.db.tables.directory, {
      clock,
      policy: { attempts: 4, baseMs: 10, capMs: 40, budgetMs: 10_000 },
    }).getNodes(counties.slice(0, 30).map((c) => c.id));
    await expect(read).rejects.toBeInstanceOf(BatchGetIncompleteError);
    await expect(read).rejects.toMatchObject({ status: 503 });
    expect(calls).toHaveLength(4);
    expect(sleeps).toEqual([9, 19, 39]);
  });

  it('gives every questionnaire its title although the titles BatchGet held keys back', async () => {
    const owner = OWNER;
    const expected = await stack.questionnaires.listByOwner(owner);
    expect(expected.map((q) => q.title['zh-CN']).sort()).toEqual([
      '标题0',
      '标题1',
      '标题2',
      '标题3',
      '标题4',
    ]);
    const { client, calls } = withUnprocessedKeys(2);
    const { clock } = recordingClock();
    const repo = new QuestionnaireRepository(client, stack.db.tables.questionnaires, undefined, { clock });
    expect(await repo.listByOwner(owner)).toEqual(expected);
    expect(calls).toEqual([5, 2, 1]);
  });

  it('answers the console questionnaire list in full through held-back keys (real backoff)', async () => {
    const owner = OWNER;
    const plain = await stack.as('province-admin').get(`${V1}/questionnaires?ownerId=${owner}`);
    const { client } = withUnprocessedKeys(3);
    const faulty = handleWithAuthHeader(stack.console({ client }), () => stack.token('province-admin'));
    const res = await faulty.get(`${V1}/questionnaires?ownerId=${owner}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(plain.body);
  });

  it('reads through a throttled BatchGetItem: the SDK retries the whole request', async () => {
    const counties = await stack.directory.listNodesOfKind('county');
    const handler = new FaultInjectingHandler().inject('BatchGetItem', { kind: 'throttle' });
    const client = stack.db.newClient({ requestHandler: handler, maxAttempts: 3 });
    const ids = counties.slice(0, 40).map((c) => c.id);
    const nodes = await new DirectoryRepository(client, stack.db.tables.directory).getNodes(ids);
    expect(handler.pending).toBe(0);
    expect(nodes.size).toBe(40);
  });
});
