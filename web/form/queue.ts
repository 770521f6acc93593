/**
 * Delivers one submission until the server has it. Failures that may be temporary are retried
 * with capped exponential backoff (jittered, so a window's worth of phones coming back online
 * does not retry in lockstep), and at once when the browser says it is online again. Every retry
 * sends the same body with the same submissionId, so the server counts it once.
 */
import type { ApiResult } from './api';

/** First retry after about this long. */
export const BACKOFF_BASE_MS = 2_000;
/** Never wait longer than this between retries. */
export const BACKOFF_MAX_MS = 5 * 60_000;

/**
 * Delay before retry number `attempt` (0-based): base·2^attempt, capped, jittered to 50–100 %,
 * and never shorter than the server's Retry-After (itself capped).
 */
export function backoffDelay(attempt: number, random: () => number = Math.random, retryAfterMs = 0): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 20));
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return Math.min(BACKOFF_MAX_MS, Math.max(jittered, retryAfterMs));
}

/** Timer functions, injectable so tests can drive time. */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** What a sender is told after each attempt. */
export type SendReport<T> = { result: ApiResult<T>; retryInMs?: number };

/** Handle of a running delivery. */
export interface Sender {
  /** Tries now (e.g. on the `online` event or a "retry now" tap); a no-op while a try is in flight. */
  flush(): Promise<void>;
  /** Stops retrying (the page moved on). */
  stop(): void;
}

/**
 * Creates a sender that calls `send` until it gets a result that is not retryable, reporting
 * each attempt to `onReport` (with the delay before the next try when it will retry).
 */
export function createSender<T>(opts: {
  send: () => Promise<ApiResult<T>>;
  onReport: (report: SendReport<T>) => void;
  timers?: Timers;
  random?: () => number;
}): Sender {
  const timers = opts.timers ?? realTimers;
  let attempt = 0;
  let busy = false;
  let again = false;
  let done = false;
  let handle: unknown;

  async function flush(): Promise<void> {
    if (done) return;
    if (busy) {
      // A nudge (e.g. back online) during a try: try again right after it, if it fails.
      again = true;
      return;
    }
    busy = true;
    again = false;
    timers.clear(handle);
    let result: ApiResult<T>;
    try {
      result = await opts.send();
    } catch {
      result = { ok: false, retryable: true, status: 0 };
    }
    busy = false;
    if (done) return;
    if (!result.ok && result.retryable) {
      const retryInMs = again ? 0 : backoffDelay(attempt, opts.random, result.retryAfterMs);
      attempt++;
      handle = timers.set(() => void flush(), retryInMs);
      opts.onReport({ result, retryInMs });
    } else {
      done = true;
      opts.onReport({ result });
    }
  }

  return {
    flush,
    stop() {
      done = true;
      timers.clear(handle);
    },
  };
}
