import { describe, expect, it, vi } from 'vitest';
import type { ApiResult } from '../../../web/form/api';
import { BACKOFF_BASE_MS, BACKOFF_MAX_MS, backoffDelay, createSender } from '../../../web/form/queue';

describe('backoffDelay', () => {
  it('doubles from the base and stays within 50–100 % of it', () => {
    expect(backoffDelay(0, () => 0)).toBe(BACKOFF_BASE_MS / 2);
    expect(backoffDelay(0, () => 1)).toBe(BACKOFF_BASE_MS);
    expect(backoffDelay(3, () => 1)).toBe(BACKOFF_BASE_MS * 8);
  });

  it('never waits longer than the cap', () => {
    expect(backoffDelay(50, () => 1)).toBe(BACKOFF_MAX_MS);
  });

  it('waits at least as long as Retry-After asks, within the cap', () => {
    expect(backoffDelay(0, () => 0, 30_000)).toBe(30_000);
    expect(backoffDelay(0, () => 0, 3_600_000)).toBe(BACKOFF_MAX_MS);
  });
});

type R = ApiResult<string>;
const offline: R = { ok: false, retryable: true, status: 0 };
const delivered: R = { ok: true, data: 'receipt' };

/** Manual timers: `tick()` runs the pending callback as if its delay had passed. */
function manualTimers() {
  let pending: { fn: () => void; ms: number } | null = null;
  return {
    timers: {
      set: (fn: () => void, ms: number) => {
        pending = { fn, ms };
        return pending;
      },
      clear: (h: unknown) => {
        if (h === pending) pending = null;
      },
    },
    get delay() {
      return pending?.ms;
    },
    tick() {
      const p = pending;
      pending = null;
      p?.fn();
    },
  };
}

const flushPromises = () => new Promise((r) => setTimeout(r, 0));

describe('createSender', () => {
  it('retries with growing delays until the server has the submission', async () => {
    const results = [offline, offline, delivered];
    const send = vi.fn(async () => results.shift()!);
    const reports: (number | undefined)[] = [];
    const clock = manualTimers();
    const sender = createSender({
      send,
      onReport: (r) => reports.push(r.retryInMs),
      timers: clock.timers,
      random: () => 1,
    });

    await sender.flush();
    expect(clock.delay).toBe(BACKOFF_BASE_MS);
    clock.tick();
    await flushPromises();
    expect(clock.delay).toBe(BACKOFF_BASE_MS * 2);
    clock.tick();
    await flushPromises();

    expect(send).toHaveBeenCalledTimes(3);
    expect(reports).toEqual([BACKOFF_BASE_MS, BACKOFF_BASE_MS * 2, undefined]);
    expect(clock.delay).toBeUndefined();
  });

  it('does not send twice at once when nudged during a try', async () => {
    let finish!: (r: R) => void;
    const send = vi.fn(() => new Promise<R>((r) => (finish = r)));
    const clock = manualTimers();
    const sender = createSender({ send, onReport: () => {}, timers: clock.timers });

    const first = sender.flush();
    await sender.flush(); // e.g. the `online` event while the request is in flight
    expect(send).toHaveBeenCalledTimes(1);
    finish(offline);
    await first;
    // The nudge asked for another try as soon as this one failed.
    expect(clock.delay).toBe(0);
  });

  it('stops at a final answer such as a validation error', async () => {
    const rejected: R = { ok: false, retryable: false, status: 400 };
    const onReport = vi.fn();
    const clock = manualTimers();
    const sender = createSender({ send: async () => rejected, onReport, timers: clock.timers });
    await sender.flush();
    await sender.flush();
    expect(onReport).toHaveBeenCalledTimes(1);
    expect(onReport).toHaveBeenCalledWith({ result: rejected });
    expect(clock.delay).toBeUndefined();
  });

  it('treats a throwing send as a network failure and retries', async () => {
    const onReport = vi.fn();
    const clock = manualTimers();
    const sender = createSender({
      send: async () => {
        throw new TypeError('Failed to fetch');
      },
      onReport,
      timers: clock.timers,
      random: () => 0,
    });
    await sender.flush();
    expect(onReport).toHaveBeenCalledWith({ result: offline, retryInMs: BACKOFF_BASE_MS / 2 });
  });

  it('stops retrying once stopped', async () => {
    const send = vi.fn(async () => offline);
    const clock = manualTimers();
    const sender = createSender({ send, onReport: () => {}, timers: clock.timers });
    await sender.flush();
    sender.stop();
    expect(clock.delay).toBeUndefined();
    await sender.flush();
    expect(send).toHaveBeenCalledTimes(1);
  });
});
