/**
 * Drives the window display: asks for a code, renders, renews every `refreshSeconds`, and backs
 * off while the network or the API is down. Clock, timers, randomness and the request are injected,
 * so tests run it on fake timers; main.ts passes the browser's.
 */
import {
  type DisplayCode,
  type DisplayState,
  initialState,
  nextFetchAt,
  onCode,
  onFailure,
  onTick,
  onUnauthorized,
} from './schedule';

/** What one request for the current code came back with. */
export type FetchOutcome =
  | { kind: 'code'; code: DisplayCode }
  | { kind: 'unauthorized' }
  | { kind: 'failed' };

export interface ControllerDeps {
  fetchCode(): Promise<FetchOutcome>;
  now(): number;
  random(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** Called after every change and on every tick (for the countdown). */
  render(state: DisplayState, now: number): void;
}

export interface DisplayController {
  /** Ask now, e.g. when the browser reports it is back online. */
  poke(): void;
  stop(): void;
}

/** Ticks at most this far apart, so the countdown moves every second. */
const TICK_MS = 1_000;

/** True for a body that looks like a DisplayCode (the display must not render garbage as a QR code). */
export function isDisplayCode(x: unknown): x is DisplayCode {
  const c = x as Partial<DisplayCode> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.url === 'string' &&
    c.url.length > 0 &&
    typeof c.ballot === 'string' &&
    typeof c.issuedAt === 'string' &&
    typeof c.openUntil === 'string' &&
    typeof c.refreshSeconds === 'number' &&
    c.refreshSeconds > 0
  );
}

/**
 * 1. Asks for a code at once.
 * 2. On each tick: drops a code past its deadline, asks again when due, renders (countdown).
 * 3. Stops asking after a 401: a revoked secret does not come back by itself.
 */
export function startDisplay(deps: ControllerDeps): DisplayController {
  let state: DisplayState = initialState(deps.now());
  let timer: unknown;
  let inFlight = false;
  let stopped = false;

  const schedule = () => {
    if (stopped) return;
    deps.clearTimer(timer);
    const due = nextFetchAt(state);
    if (due === undefined) return;
    // While a request is out, keep ticking: the countdown moves and an expired code still leaves.
    const wait = inFlight ? TICK_MS : Math.max(50, Math.min(TICK_MS, due - deps.now()));
    timer = deps.setTimer(tick, wait);
  };

  const fetchNow = async () => {
    if (inFlight || stopped) return;
    inFlight = true;
    const sentAt = deps.now();
    let outcome: FetchOutcome;
    try {
      outcome = await deps.fetchCode();
    } catch {
      outcome = { kind: 'failed' };
    }
    inFlight = false;
    if (stopped) return;
    const now = deps.now();
    state =
      outcome.kind === 'code'
        ? onCode(outcome.code, sentAt)
        : outcome.kind === 'unauthorized'
          ? onUnauthorized()
          : onFailure(state, now, deps.random());
    deps.render(state, now);
    schedule();
  };

  function tick() {
    const now = deps.now();
    state = onTick(state, now);
    deps.render(state, now);
    const due = nextFetchAt(state);
    if (due !== undefined && now >= due && !inFlight) void fetchNow();
    schedule();
  }

  deps.render(state, deps.now());
  void fetchNow();
  schedule();

  return {
    poke() {
      if (state.kind === 'unauthorized' || state.kind === 'showing') return;
      void fetchNow();
    },
    stop() {
      stopped = true;
      deps.clearTimer(timer);
    },
  };
}
