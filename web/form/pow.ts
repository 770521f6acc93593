/**
 * ALTCHA proof of work for questionnaires that ask for it. The server issues a v1
 * challenge (altcha-lib: find n ≤ maxnumber with SHA-256(salt + n) = challenge); the form fetches
 * one as soon as it renders and solves it in the background while the citizen answers, so the
 * work is hidden behind the answering. altcha's own SHA worker does the solving (altcha-worker.ts),
 * several at once on phones with spare cores; where no worker can start (no Worker, or a browser
 * that refuses it under the page's CSP) the same search runs on the page itself.
 *
 * A solution is bound to the QR token and expires (altcha-tuning.ts); the form keeps it with the
 * draft, so a queued submission still carries one, and fetches a fresh one when it would expire
 * before it reaches the server.
 */
import type { ApiResult } from './api';

/** A v1 challenge as `GET /api/v1/forms/{token}/altcha` returns it (altcha-lib/v1 createChallenge). */
export interface AltchaChallenge {
  algorithm: string;
  challenge: string;
  maxnumber?: number;
  salt: string;
  signature: string;
}

/** A solved challenge: the base64 payload to send, and the local time (ms) the server stops accepting it. */
export interface PowSolution {
  payload: string;
  until: number;
}

/** A solution is renewed when it has less than this left: the resend itself takes time. */
export const POW_MARGIN_MS = 60_000;
/** A worker that has found nothing after this long has been given an impossible challenge. */
export const SOLVE_TIMEOUT_MS = 60_000;

const hex = (bytes: Uint8Array): string => {
  let s = '';
  for (const b of bytes) s += (b < 16 ? '0' : '') + b.toString(16);
  return s;
};

/**
 * When the server stops accepting the challenge, in epoch ms on the phone's clock: the salt's
 * `expires` (server seconds) shifted by the skew between the server's `Date` and the phone's
 * clock, because phone clocks are often minutes off. Undefined when the salt names no expiry.
 */
export function challengeDeadline(
  c: AltchaChallenge,
  serverNow?: number,
  localNow?: number,
): number | undefined {
  const expires = Number(/[?&]expires=(\d+)/.exec(c.salt)?.[1]);
  if (!expires) return undefined;
  const skew = serverNow !== undefined && localNow !== undefined ? serverNow - localNow : 0;
  return expires * 1000 - skew;
}

/**
 * The challenge in the shape altcha's worker solves, converted the way the altcha widget converts
 * a v1 challenge: the salt as the nonce, the expected hash as the key prefix, the counter as text.
 */
export function workerChallenge(c: AltchaChallenge) {
  return {
    parameters: {
      algorithm: c.algorithm,
      cost: 1,
      keyLength: 32,
      nonce: hex(new TextEncoder().encode(c.salt)),
      keyPrefix: c.challenge,
      salt: '',
    },
  };
}

/** The payload altcha-lib's v1 `verifySolution` expects, base64-encoded JSON (the widget's v1 payload). */
export function solutionPayload(c: AltchaChallenge, number: number, took: number): string {
  const { algorithm, challenge, salt, signature } = c;
  return btoa(JSON.stringify({ algorithm, challenge, number, salt, signature, took: Math.round(took) }));
}

/** The number of workers: the phone's cores less one for the page, at most four. */
export function workerCount(cores: number | undefined): number {
  return Math.max(1, Math.min(4, (cores || 2) - 1));
}

/**
 * Solves with `count` altcha workers, each trying every count-th number. Resolves the number, or
 * null on timeout; rejects when a worker cannot start or fails, so the caller can fall back.
 * The workers share one script URL: Chromium fetched it once for four workers and served the
 * others from its HTTP cache (the file is content-hashed and sent with Last-Modified).
 */
export function solveWithWorkers(
  c: AltchaChallenge,
  createWorker: () => Worker,
  count: number,
): Promise<number | null> {
  const workers: Worker[] = [];
  const stop = () => {
    for (const w of workers) w.terminate();
  };
  return new Promise<number | null>((resolve, reject) => {
    let pending = count;
    const challenge = workerChallenge(c);
    for (let i = 0; i < count; i++) {
      const w = createWorker();
      workers.push(w);
      w.onerror = (e) => {
        e.preventDefault?.();
        reject(new Error('worker failed'));
      };
      w.onmessage = (e: MessageEvent<{ counter?: number; error?: unknown } | null>) => {
        if (e.data?.error !== undefined) reject(new Error('worker failed'));
        else if (typeof e.data?.counter === 'number') resolve(e.data.counter);
        else if (--pending === 0) resolve(null);
      };
      w.postMessage({
        type: 'work',
        challenge,
        counterMode: 'string',
        counterStart: i,
        counterStep: count,
        timeout: SOLVE_TIMEOUT_MS,
      });
    }
  }).finally(stop);
}

/** The same search on the page, where no worker starts. Null when nothing up to maxnumber matches. */
export async function solveInPage(
  c: AltchaChallenge,
  subtle: SubtleCrypto = crypto.subtle,
): Promise<number | null> {
  const enc = new TextEncoder();
  const max = c.maxnumber ?? 1e6;
  for (let n = 0; n <= max; n++) {
    if (hex(new Uint8Array(await subtle.digest(c.algorithm, enc.encode(c.salt + n)))) === c.challenge)
      return n;
  }
  return null;
}

/** A fetched challenge with the server's clock reading (its `Date` header), if any. */
export type FetchedChallenge = { challenge: AltchaChallenge; serverNow?: number };

/** Keeps one valid solution at hand. */
export interface Pow {
  /** Starts fetching and solving in the background unless a usable solution is at hand. */
  prepare(): void;
  /**
   * A solution with at least POW_MARGIN_MS left: the one at hand, or a new one. `offline` when no
   * challenge could be fetched (retry later); undefined when none could be solved (the form sends
   * without, and the server's answer tells the citizen).
   */
  get(): Promise<string | 'offline' | undefined>;
  /** Forgets the solution at hand: spent, or refused by the server. */
  drop(): void;
}

/**
 * Creates the proof-of-work keeper.
 * @param opts.initial a solution saved with the draft; `onChange` is told of every new or dropped one.
 */
export function createPow(opts: {
  fetchChallenge: () => Promise<ApiResult<FetchedChallenge>>;
  solve: (c: AltchaChallenge) => Promise<number | null>;
  now?: () => number;
  initial?: PowSolution;
  onChange?: (s: PowSolution | undefined) => void;
}): Pow {
  const now = opts.now ?? Date.now;
  let current = opts.initial;
  let job: Promise<string | 'offline' | undefined> | undefined;

  const usable = () => (current && current.until - now() > POW_MARGIN_MS ? current.payload : undefined);

  async function renew(): Promise<string | 'offline' | undefined> {
    const fetched = await opts.fetchChallenge();
    if (!fetched.ok) return fetched.retryable ? 'offline' : undefined;
    const { challenge, serverNow } = fetched.data;
    const fetchedAt = now();
    let number: number | null = null;
    try {
      number = await opts.solve(challenge);
    } catch {
      number = null;
    }
    if (number === null) return undefined;
    const deadline = challengeDeadline(challenge, serverNow, fetchedAt);
    // No expiry in the salt: the server accepts it as long as its signature holds.
    current = {
      payload: solutionPayload(challenge, number, now() - fetchedAt),
      until: deadline ?? Number.MAX_SAFE_INTEGER,
    };
    opts.onChange?.(current);
    return current.payload;
  }

  function get(): Promise<string | 'offline' | undefined> {
    const ready = usable();
    if (ready) return Promise.resolve(ready);
    job ??= renew().finally(() => {
      job = undefined;
    });
    return job;
  }

  return {
    prepare() {
      void get();
    },
    get,
    drop() {
      current = undefined;
      opts.onChange?.(undefined);
    },
  };
}

/**
 * One delivery attempt, with a proof of work when `required`. A solution the server refuses
 * (`ALTCHA_FAILED`: it expired while the phone was offline, or was already spent) is replaced by a
 * fresh one and the body sent once more; a second refusal is the result, so the citizen sees the
 * server's message. No challenge reachable: a network failure, which the sender retries later.
 */
export async function sendWithPow<T>(
  post: (altcha: string | undefined) => Promise<ApiResult<T>>,
  pow: () => Pow,
  required: boolean,
): Promise<ApiResult<T>> {
  for (let retried = false; ; retried = true) {
    const altcha = required || retried ? await pow().get() : undefined;
    if (altcha === 'offline') return { ok: false, retryable: true, status: 0 };
    const result = await post(altcha);
    if (result.ok || result.error?.code !== 'ALTCHA_FAILED') return result;
    pow().drop();
    if (retried) return result;
  }
}
