import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { AltchaFailedError } from '../../../functions/domain/integrity/errors';
import { issueAltchaChallenge, verifyAltcha } from '../../../functions/services/integrity/altcha';
import { type ApiResult, fetchChallenge } from '../../../web/form/api';
import {
  type AltchaChallenge,
  challengeDeadline,
  createPow,
  type FetchedChallenge,
  POW_MARGIN_MS,
  sendWithPow,
  solutionPayload,
  solveInPage,
  solveWithWorkers,
  workerCount,
} from '../../../web/form/pow';

const KEY = 'altcha-test-key';
const TOKEN_ID = 'tok123';
const clockAt = (ms: number) => ({ now: () => new Date(ms) });

/** altcha's own SHA worker script, exactly as the package ships it. */
const WORKER_SOURCE = readFileSync(
  fileURLToPath(new URL('../../../node_modules/altcha/dist/workers/sha.js', import.meta.url)),
  'utf8',
);

/** Runs altcha's worker script in this process behind the Worker interface the form uses. */
class PackageWorker {
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: ((e: { preventDefault(): void }) => void) | null = null;
  private readonly scope: { onmessage?: (e: { data: unknown }) => void; postMessage(d: unknown): void };
  constructor() {
    this.scope = { postMessage: (data) => setTimeout(() => this.onmessage?.({ data })) };
    new Function('self', WORKER_SOURCE)(this.scope);
  }
  postMessage(data: unknown) {
    setTimeout(() => this.scope.onmessage?.({ data }));
  }
  terminate() {
    this.scope.onmessage?.({ data: { type: 'abort' } });
  }
}
const packageWorker = () => new PackageWorker() as unknown as Worker;

/** A challenge exactly as the public API issues it (the configured difficulty). */
async function serverChallenge(now = Date.now()): Promise<AltchaChallenge> {
  return (await issueAltchaChallenge(KEY, TOKEN_ID, clockAt(now))) as AltchaChallenge;
}

describe('an ALTCHA solution from the form', () => {
  it("is accepted by the server's verifier when altcha's workers solve it", async () => {
    const c = await serverChallenge();
    const number = await solveWithWorkers(c, packageWorker, 3);
    expect(number).not.toBeNull();
    const spend = await verifyAltcha(KEY, TOKEN_ID, solutionPayload(c, number!, 120), clockAt(Date.now()));
    expect(spend.challengeHash).toBe(c.challenge.slice(0, 40));
  });

  it('is accepted by the server when solved on the page, where no worker can start', async () => {
    const c = await serverChallenge();
    const number = await solveInPage(c);
    expect(number).not.toBeNull();
    await expect(
      verifyAltcha(KEY, TOKEN_ID, solutionPayload(c, number!, 90), clockAt(Date.now())),
    ).resolves.toBeDefined();
  });

  it('is refused by the server once the challenge has expired', async () => {
    const issued = Date.now();
    const c = await serverChallenge(issued);
    const payload = solutionPayload(c, (await solveInPage(c))!, 50);
    const after = challengeDeadline(c)! + 1000;
    await expect(verifyAltcha(KEY, TOKEN_ID, payload, clockAt(after))).rejects.toBeInstanceOf(
      AltchaFailedError,
    );
  });
});

describe('solveWithWorkers', () => {
  it('rejects when a worker cannot start, so the form falls back to the page', async () => {
    const c = await serverChallenge();
    const blocked = () => {
      throw new DOMException('blocked by CSP', 'SecurityError');
    };
    await expect(solveWithWorkers(c, blocked, 2)).rejects.toThrow();
  });

  it('rejects when a worker fails to load', async () => {
    const c = await serverChallenge();
    const broken = () => {
      const w = { onerror: null as null | ((e: unknown) => void), postMessage() {}, terminate: vi.fn() };
      setTimeout(() => w.onerror?.({ preventDefault() {} }));
      return w as unknown as Worker;
    };
    await expect(solveWithWorkers(c, broken, 1)).rejects.toThrow('worker failed');
  });

  it('leaves one core to the page and uses at most four workers', () => {
    expect(workerCount(undefined)).toBe(1);
    expect(workerCount(2)).toBe(1);
    expect(workerCount(4)).toBe(3);
    expect(workerCount(8)).toBe(4);
  });
});

describe('challengeDeadline', () => {
  const c = { algorithm: 'SHA-256', challenge: 'x', salt: 'ab12?t=tok&expires=2000000000&', signature: 's' };

  it("reads the server's expiry from the salt", () => {
    expect(challengeDeadline(c)).toBe(2_000_000_000_000);
  });

  it('shifts it onto a phone clock that runs ten minutes fast', () => {
    const server = 1_999_999_000_000;
    expect(challengeDeadline(c, server, server + 600_000)).toBe(2_000_000_000_000 + 600_000);
  });

  it('has none when the salt names no expiry', () => {
    expect(challengeDeadline({ ...c, salt: 'ab12' })).toBeUndefined();
  });
});

/** A keeper on a fake clock, with a challenge source and solver that count their calls. */
function keeper({
  now: clock,
  fetch,
  ...rest
}: { now: { t: number }; fetch?: () => Promise<ApiResult<FetchedChallenge>> } & Partial<
  Omit<Parameters<typeof createPow>[0], 'now'>
>) {
  let issued = 0;
  const fetchChallengeFn = vi.fn(
    fetch ??
      (async (): Promise<ApiResult<FetchedChallenge>> => {
        issued++;
        const expires = Math.floor(clock.t / 1000) + 20 * 60;
        return {
          ok: true,
          data: {
            challenge: {
              algorithm: 'SHA-256',
              challenge: `c${issued}`,
              salt: `s?expires=${expires}`,
              signature: 'g',
            },
          },
        };
      }),
  );
  const solve = vi.fn(async () => 7);
  const onChange = vi.fn();
  const pow = createPow({ fetchChallenge: fetchChallengeFn, solve, now: () => clock.t, onChange, ...rest });
  return { pow, fetchChallenge: fetchChallengeFn, solve, onChange };
}

const decode = (payload: string) => JSON.parse(atob(payload)) as { challenge: string; number: number };

describe('createPow', () => {
  it('solves once in the background and hands the same solution to the submit', async () => {
    const now = { t: 1_800_000_000_000 };
    const k = keeper({ now });
    k.pow.prepare();
    const payload = await k.pow.get();
    expect(decode(payload as string)).toMatchObject({ challenge: 'c1', number: 7 });
    expect(await k.pow.get()).toBe(payload);
    expect(k.fetchChallenge).toHaveBeenCalledTimes(1);
    expect(k.solve).toHaveBeenCalledTimes(1);
  });

  it('solves a new challenge when the one at hand is about to expire', async () => {
    const now = { t: 1_800_000_000_000 };
    const k = keeper({ now });
    const first = await k.pow.get();
    now.t += 20 * 60_000 - POW_MARGIN_MS + 1000;
    const second = await k.pow.get();
    expect(decode(second as string).challenge).toBe('c2');
    expect(second).not.toBe(first);
  });

  it('replaces a solution saved with a queued draft that expired while the phone was offline', async () => {
    const now = { t: 1_800_000_000_000 };
    const k = keeper({ now, initial: { payload: 'old', until: now.t - 1 } });
    expect(decode((await k.pow.get()) as string).challenge).toBe('c1');
  });

  it('reuses a saved solution that is still valid', async () => {
    const now = { t: 1_800_000_000_000 };
    const k = keeper({ now, initial: { payload: 'saved', until: now.t + 10 * 60_000 } });
    expect(await k.pow.get()).toBe('saved');
    expect(k.fetchChallenge).not.toHaveBeenCalled();
  });

  it('reports offline when no challenge can be fetched, and fetches again on the next try', async () => {
    const now = { t: 1_800_000_000_000 };
    let online = false;
    const k = keeper({
      now,
      fetch: async () =>
        online
          ? {
              ok: true,
              data: { challenge: { algorithm: 'SHA-256', challenge: 'c', salt: 's', signature: 'g' } },
            }
          : { ok: false, retryable: true, status: 0 },
    });
    expect(await k.pow.get()).toBe('offline');
    online = true;
    expect(decode((await k.pow.get()) as string).challenge).toBe('c');
  });

  it('gives up without a solution when the challenge cannot be solved', async () => {
    const k = keeper({ now: { t: 1 }, solve: async () => null });
    expect(await k.pow.get()).toBeUndefined();
  });

  it('tells the draft of every new and dropped solution', async () => {
    const k = keeper({ now: { t: 1_800_000_000_000 } });
    const payload = await k.pow.get();
    expect(k.onChange).toHaveBeenLastCalledWith({ payload, until: expect.any(Number) });
    k.pow.drop();
    expect(k.onChange).toHaveBeenLastCalledWith(undefined);
  });
});

type R = ApiResult<string>;
const delivered: R = { ok: true, data: 'receipt' };
const refused: R = {
  ok: false,
  retryable: false,
  status: 400,
  error: {
    code: 'ALTCHA_FAILED',
    message: '安全验证未通过，请重新提交',
    messageEn: 'The security check did not pass',
  },
};

/** A keeper that hands out sol1, sol2, … and forgets the current one on drop. */
function fakeKeeper(offline = false) {
  let n = 1;
  return {
    prepare() {},
    get: vi.fn(async () => (offline ? ('offline' as const) : `sol${n}`)),
    drop: vi.fn(() => {
      n++;
    }),
  };
}

describe('sendWithPow', () => {
  it('sends no proof of work when the questionnaire asks for none', async () => {
    const pow = fakeKeeper();
    const post = vi.fn(async () => delivered);
    expect(await sendWithPow(post, () => pow, false)).toBe(delivered);
    expect(post).toHaveBeenCalledWith(undefined);
    expect(pow.get).not.toHaveBeenCalled();
  });

  it('attaches the solution when the questionnaire asks for one', async () => {
    const post = vi.fn(async () => delivered);
    await sendWithPow(post, fakeKeeper, true);
    expect(post).toHaveBeenCalledWith('sol1');
  });

  it('replaces a refused solution with a fresh one and sends once more', async () => {
    const pow = fakeKeeper();
    const post = vi.fn(async (altcha?: string) => (altcha === 'sol1' ? refused : delivered));
    expect(await sendWithPow(post, () => pow, true)).toBe(delivered);
    expect(post.mock.calls).toEqual([['sol1'], ['sol2']]);
  });

  it('hands a second refusal to the citizen and forgets that solution too', async () => {
    const pow = fakeKeeper();
    const post = vi.fn(async () => refused);
    const result = await sendWithPow(post, () => pow, true);
    expect(result).toBe(refused);
    expect(post).toHaveBeenCalledTimes(2);
    expect(pow.drop).toHaveBeenCalledTimes(2);
  });

  it('solves a challenge when the server asks for proof of work the form did not expect', async () => {
    const pow = fakeKeeper();
    const post = vi.fn(async (altcha?: string) => (altcha ? delivered : refused));
    expect(await sendWithPow(post, () => pow, false)).toBe(delivered);
    expect(post.mock.calls).toEqual([[undefined], ['sol2']]);
  });

  it('counts as a network failure when no challenge can be fetched, so the queue retries', async () => {
    const post = vi.fn(async () => delivered);
    expect(await sendWithPow(post, () => fakeKeeper(true), true)).toEqual({
      ok: false,
      retryable: true,
      status: 0,
    });
    expect(post).not.toHaveBeenCalled();
  });

  it('passes other refusals through untouched', async () => {
    const pow = fakeKeeper();
    const invalid: R = { ok: false, retryable: false, status: 404 };
    expect(
      await sendWithPow(
        async () => invalid,
        () => pow,
        true,
      ),
    ).toBe(invalid);
    expect(pow.drop).not.toHaveBeenCalled();
  });
});

describe('fetchChallenge', () => {
  it("returns the challenge with the server's clock from the Date header", async () => {
    const c = { algorithm: 'SHA-256', challenge: 'ab', salt: 's?expires=1', signature: 'g', maxnumber: 10 };
    const fetchFn = vi.fn(
      async () =>
        new Response(JSON.stringify(c), {
          headers: { 'Content-Type': 'application/json', Date: 'Sat, 28 Nov 2026 10:00:00 GMT' },
        }),
    );
    const result = await fetchChallenge('tok', fetchFn as typeof fetch);
    expect(result).toEqual({
      ok: true,
      data: { challenge: c, serverNow: Date.parse('2026-11-28T10:00:00Z') },
    });
    expect((fetchFn.mock.calls[0] as unknown as [string])[0]).toBe('/api/v1/forms/tok/altcha');
  });

  it('treats an answer that is not a challenge (ALTCHA off, a captive portal) as retryable', async () => {
    const fetchFn = vi.fn(
      async () => new Response('null', { headers: { 'Content-Type': 'application/json' } }),
    );
    expect(await fetchChallenge('tok', fetchFn as typeof fetch)).toMatchObject({
      ok: false,
      retryable: true,
    });
  });
});
