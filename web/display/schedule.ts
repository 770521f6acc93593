/**
 * What the window display shows and when it asks the server again, as pure functions of the local
 * clock (no DOM, no timers), so the renewal and backoff rules can be tested without a browser.
 *
 * Times are the display's own clock in ms. The server's deadlines are turned into durations from the
 * moment the request was sent, so a display whose clock is minutes off still drops a code in time:
 * the server issued it after we asked, so `sentAt + (openUntil − issuedAt)` is never late.
 */

/** `GET /api/v1/displays/current` (functions/services/integrity/display-code.ts). */
export interface DisplayCode {
  url: string;
  ballot: string;
  issuedAt: string;
  openUntil: string;
  refreshSeconds: number;
}

export type DisplayState =
  /** Before the first answer. */
  | { kind: 'starting'; failures: number; nextFetchAt: number }
  /** A code on screen; `stale` while renewals fail but the code can still be opened. */
  | {
      kind: 'showing';
      code: DisplayCode;
      /** Local time after which a citizen could no longer open this code. */
      validUntil: number;
      nextFetchAt: number;
      failures: number;
    }
  /** No code that can still be opened: the clear message, while retrying. */
  | { kind: 'unavailable'; failures: number; nextFetchAt: number }
  /** The secret is missing, unknown or revoked: nothing to retry until someone fixes it. */
  | { kind: 'unauthorized' };

/** First retry after a failure, doubling up to the cap. */
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 30_000;

/**
 * Delay before retry number `failures` (1, 2, …): 1 s, 2 s, 4 s … up to 30 s, scaled by a random
 * factor in [0.5, 1) so that the displays of a whole hall do not hit the API in step after an outage.
 */
export function backoffMs(failures: number, random: number): number {
  const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(exp * (0.5 + random / 2));
}

export const initialState = (now: number): DisplayState => ({
  kind: 'starting',
  failures: 0,
  nextFetchAt: now,
});

/** A code arrived for a request sent at `sentAt`: show it and renew after one period. */
export function onCode(code: DisplayCode, sentAt: number): DisplayState {
  const lifetime = Date.parse(code.openUntil) - Date.parse(code.issuedAt);
  return {
    kind: 'showing',
    code,
    validUntil: sentAt + (Number.isFinite(lifetime) ? lifetime : 0),
    nextFetchAt: sentAt + code.refreshSeconds * 1000,
    failures: 0,
  };
}

/** The request failed (network, 5xx, throttled): keep a code that can still be opened, retry with backoff. */
export function onFailure(state: DisplayState, now: number, random: number): DisplayState {
  if (state.kind === 'unauthorized') return state;
  const failures = state.failures + 1;
  const nextFetchAt = now + backoffMs(failures, random);
  if (state.kind === 'showing' && now < state.validUntil) return { ...state, failures, nextFetchAt };
  return { kind: 'unavailable', failures, nextFetchAt };
}

/** The server refused the secret (401). */
export const onUnauthorized = (): DisplayState => ({ kind: 'unauthorized' });

/** Time passed: a code past its deadline leaves the screen even before the next retry answers. */
export function onTick(state: DisplayState, now: number): DisplayState {
  if (state.kind === 'showing' && now >= state.validUntil)
    return { kind: 'unavailable', failures: state.failures, nextFetchAt: state.nextFetchAt };
  return state;
}

/** When to ask the server next, or undefined for never. */
export const nextFetchAt = (state: DisplayState): number | undefined =>
  state.kind === 'unauthorized' ? undefined : state.nextFetchAt;

/** Whole seconds until the code on screen is renewed (the countdown), never below zero. */
export const secondsToRenewal = (state: DisplayState, now: number): number =>
  state.kind === 'showing' ? Math.max(0, Math.ceil((state.nextFetchAt - now) / 1000)) : 0;
