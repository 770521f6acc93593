import { describe, expect, it } from 'vitest';
import {
  BACKOFF_CAP_MS,
  backoffMs,
  type DisplayCode,
  initialState,
  nextFetchAt,
  onCode,
  onFailure,
  onTick,
  onUnauthorized,
  secondsToRenewal,
} from '../../../web/display/schedule';

/** A code as the server sends it: issued on the server clock, openable for two 30 s periods. */
const aCode = (overrides: Partial<DisplayCode> = {}): DisplayCode => ({
  url: 'https://pj.example.gov.cn/f/?t=abc&b=Rxyz',
  ballot: 'Rxyz',
  issuedAt: '2026-11-17T03:00:00.000Z',
  openUntil: '2026-11-17T03:01:00.000Z',
  refreshSeconds: 30,
  ...overrides,
});

/** The display's own clock, deliberately far from the server's. */
const T0 = Date.parse('2030-01-01T00:00:00Z');

describe('renewal', () => {
  it('asks for the next code one refresh period after the request was sent', () => {
    const state = onCode(aCode({ refreshSeconds: 12 }), T0);
    expect(nextFetchAt(state)).toBe(T0 + 12_000);
  });

  it('keeps a code openable for its server lifetime counted from the request, whatever the display clock says', () => {
    const state = onCode(aCode(), T0);
    expect(state).toMatchObject({ kind: 'showing', validUntil: T0 + 60_000 });
    expect(onTick(state, T0 + 59_999).kind).toBe('showing');
    expect(onTick(state, T0 + 60_000).kind).toBe('unavailable');
  });

  it('counts down in whole seconds to the renewal', () => {
    const state = onCode(aCode(), T0);
    expect(secondsToRenewal(state, T0)).toBe(30);
    expect(secondsToRenewal(state, T0 + 29_001)).toBe(1);
    expect(secondsToRenewal(state, T0 + 31_000)).toBe(0);
  });

  it('starts by asking at once', () => {
    expect(nextFetchAt(initialState(T0))).toBe(T0);
  });
});

describe('failures', () => {
  it('doubles the retry delay from one second up to a cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffMs(n, 1));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(Math.max(...delays)).toBe(BACKOFF_CAP_MS);
  });

  it('spreads the retries of many displays so that they do not return in step', () => {
    expect(backoffMs(3, 0)).toBe(2000);
    expect(backoffMs(3, 0.5)).toBe(3000);
    expect(backoffMs(3, 0.999)).toBeLessThan(4000);
  });

  it('keeps the last code on screen through a failure while it can still be opened', () => {
    const failed = onFailure(onCode(aCode(), T0), T0 + 31_000, 1);
    expect(failed).toMatchObject({ kind: 'showing', failures: 1, nextFetchAt: T0 + 32_000 });
    expect(onFailure(failed, T0 + 32_000, 1)).toMatchObject({
      kind: 'showing',
      failures: 2,
      nextFetchAt: T0 + 34_000,
    });
  });

  it('shows no code once the last one can no longer be opened, and keeps retrying', () => {
    const state = onFailure(onCode(aCode(), T0), T0 + 60_500, 1);
    expect(state).toMatchObject({ kind: 'unavailable', failures: 1 });
    expect(nextFetchAt(state)).toBe(T0 + 61_500);
  });

  it('forgets the failures once a code arrives again', () => {
    const down = onFailure(onFailure(initialState(T0), T0, 1), T0 + 1000, 1);
    expect(onCode(aCode(), T0 + 5000)).toMatchObject({ kind: 'showing', failures: 0 });
    expect(down).toMatchObject({ kind: 'unavailable', failures: 2 });
  });

  it('stops asking once the secret is refused', () => {
    const state = onUnauthorized();
    expect(nextFetchAt(state)).toBeUndefined();
    expect(onFailure(state, T0, 1)).toBe(state);
  });
});
