/**
 * Reading items by key with BatchGetItem, completely. DynamoDB answers a batch with whatever it
 * could read within its limits and returns the rest as `UnprocessedKeys` (on a successful
 * response, so the SDK's own retries never see them). Every read by key list goes through here:
 * at most 100 keys per request, the unprocessed ones sent again after a full-jitter backoff, and
 * when keys are still unprocessed once the attempts or the time budget are used up the read
 * fails with a 503 rather than returning fewer items than asked for.
 */
import { BatchGetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ServiceUnavailableError } from '../domain/errors';
import { jitteredDelay, type RetryClock, type RetryPolicy, realRetryClock } from './conflict-retry';
import { withDbErrors } from './errors';
import type { Item } from './item';

/** BatchGetItem's limit on keys per request. */
export const BATCH_GET_MAX_KEYS = 100;

/** Eight attempts within 2 s, backing off from 20 ms doubling to 500 ms. */
export const DEFAULT_BATCH_GET_RETRY: RetryPolicy = { attempts: 8, baseMs: 20, capMs: 500, budgetMs: 2_000 };

export interface BatchGetOptions {
  policy?: RetryPolicy;
  clock?: RetryClock;
}

/** Keys still unprocessed after every retry: the read fails instead of coming back short. */
export class BatchGetIncompleteError extends ServiceUnavailableError {
  constructor(readonly unprocessed: number) {
    super(2);
  }
}

/**
 * Every item of `table` with one of `keys` (any number; missing items are simply absent), in no
 * particular order. Batches of 100 are read side by side.
 */
export async function batchGetAll(
  client: DynamoDBClient,
  table: string,
  keys: readonly Item[],
  opts: BatchGetOptions = {},
): Promise<Item[]> {
  const batches: Item[][] = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_MAX_KEYS)
    batches.push(keys.slice(i, i + BATCH_GET_MAX_KEYS));
  const results = await Promise.all(batches.map((batch) => getBatch(client, table, batch, opts)));
  return results.flat();
}

async function getBatch(
  client: DynamoDBClient,
  table: string,
  keys: Item[],
  opts: BatchGetOptions,
): Promise<Item[]> {
  const policy = opts.policy ?? DEFAULT_BATCH_GET_RETRY;
  const clock = opts.clock ?? realRetryClock;
  const found: Item[] = [];
  const started = clock.now();
  let pending = keys;
  for (let attempt = 1; ; attempt++) {
    const out = await withDbErrors(() =>
      client.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: pending } } })),
    );
    found.push(...(out.Responses?.[table] ?? []));
    pending = out.UnprocessedKeys?.[table]?.Keys ?? [];
    if (pending.length === 0) return found;
    const delay = jitteredDelay(policy, attempt, clock.random);
    if (attempt >= policy.attempts || clock.now() - started + delay > policy.budgetMs) {
      throw new BatchGetIncompleteError(pending.length);
    }
    await clock.sleep(delay);
  }
}
