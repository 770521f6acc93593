/**
 * Retries a transaction that DynamoDB cancelled because another transaction held one of its
 * items (`TransactionConflict`). A cancelled transaction wrote nothing, so sending it again is
 * safe; the caller rebuilds it each attempt (a fresh shard, a fresh client request token).
 */

import { cancellationReasons, conditionFailed } from './cancellation';

/** How long and how often to retry; the budget keeps retries well inside the Lambda's timeout. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Backoff ceiling of the first retry, doubled each retry up to `capMs` (full jitter below it). */
  baseMs: number;
  capMs: number;
  /** No retry starts once this much time has passed since the first attempt. */
  budgetMs: number;
}

/** Eight attempts within 3 s: the public API Lambda has 10 s, and a client retries a 503 anyway. */
export const DEFAULT_CONFLICT_RETRY: RetryPolicy = {
  attempts: 8,
  baseMs: 15,
  capMs: 500,
  budgetMs: 3_000,
};

/** True for a cancelled transaction that a concurrent transaction, not a condition, stopped. */
export function isTransactionConflict(err: unknown): boolean {
  if (!(err instanceof Error) || err.name !== 'TransactionCanceledException') return false;
  return (cancellationReasons(err) ?? []).includes('TransactionConflict') && !conditionFailed(err);
}

/** The full-jitter delay before retry number `retry` (1 = the first retry). */
export const jitteredDelay = (p: RetryPolicy, retry: number, random: () => number): number =>
  Math.floor(random() * Math.min(p.capMs, p.baseMs * 2 ** (retry - 1)));

export interface RetryClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const realRetryClock: RetryClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/**
 * Runs `attempt(n)` (n = 0, 1, …) until it does not fail with a transaction conflict, the
 * attempts are used up or the budget would be passed; the last error is then thrown.
 */
export async function retryOnConflict<T>(
  attempt: (n: number) => Promise<T>,
  policy: RetryPolicy = DEFAULT_CONFLICT_RETRY,
  clock: RetryClock = realRetryClock,
): Promise<T> {
  const started = clock.now();
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (!isTransactionConflict(err) || n + 1 >= policy.attempts) throw err;
      const delay = jitteredDelay(policy, n + 1, clock.random);
      if (clock.now() - started + delay > policy.budgetMs) throw err;
      await clock.sleep(delay);
    }
  }
}
