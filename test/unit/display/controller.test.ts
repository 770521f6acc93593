import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FetchOutcome, isDisplayCode, startDisplay } from '../../../web/display/controller';
import type { DisplayState } from '../../../web/display/schedule';
import { describeState } from '../../../web/display/view';

/** A fake API: codes renewed every `refresh` s and openable for two periods, until it is switched off. */
function fakeServer(refresh = 10) {
  let mode: 'up' | 'down' | 'revoked' = 'up';
  let n = 0;
  const calls: number[] = [];
  return {
    calls,
    set: (m: typeof mode) => {
      mode = m;
    },
    fetchCode: async (): Promise<FetchOutcome> => {
      calls.push(Date.now());
      if (mode === 'down') return { kind: 'failed' };
      if (mode === 'revoked') return { kind: 'unauthorized' };
      n++;
      const issuedAt = new Date(Date.now());
      return {
        kind: 'code',
        code: {
          url: `/f/?t=tok&b=R${n}`,
          ballot: `R${n}`,
          issuedAt: issuedAt.toISOString(),
          openUntil: new Date(issuedAt.getTime() + 2 * refresh * 1000).toISOString(),
          refreshSeconds: refresh,
        },
      };
    },
  };
}

/** Starts a display on the fake timers; `screen()` is what it shows now. */
function display(server: ReturnType<typeof fakeServer>, random = () => 1) {
  let last: { state: DisplayState; now: number } | undefined;
  const controller = startDisplay({
    fetchCode: server.fetchCode,
    now: () => Date.now(),
    random,
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
    render: (state, now) => {
      last = { state, now };
    },
  });
  return { controller, screen: () => describeState(last!.state, last!.now) };
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('window display controller', () => {
  it('shows a code at once and renews it after refreshSeconds', async () => {
    const server = fakeServer(10);
    const { controller, screen } = display(server);
    await vi.advanceTimersByTimeAsync(0);
    expect(screen().qrUrl).toBe('/f/?t=tok&b=R1');
    await vi.advanceTimersByTimeAsync(9_000);
    expect(screen().qrUrl).toBe('/f/?t=tok&b=R1');
    expect(screen().countdown?.[0]).toBe('1 秒后更新');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(screen().qrUrl).toBe('/f/?t=tok&b=R2');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(screen().qrUrl).toBe('/f/?t=tok&b=R5');
    controller.stop();
  });

  it('keeps the last code through an outage until it can no longer be opened, then says so, and recovers', async () => {
    const server = fakeServer(10);
    const { controller, screen } = display(server);
    await vi.advanceTimersByTimeAsync(0);
    server.set('down');
    await vi.advanceTimersByTimeAsync(12_000);
    expect(screen().qrUrl).toBe('/f/?t=tok&b=R1');
    expect(screen().tone).toBe('warn');
    await vi.advanceTimersByTimeAsync(8_000);
    expect(screen().qrUrl).toBeUndefined();
    expect(screen().status[0]?.[0]).toBe('暂时无法显示评价二维码');
    server.set('up');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(screen().qrUrl).toMatch(/b=R\d+$/);
    expect(screen().tone).toBe('info');
    controller.stop();
  });

  it('backs off while the API is down: retries grow from one second to the cap', async () => {
    const server = fakeServer(10);
    server.set('down');
    const { controller } = display(server);
    await vi.advanceTimersByTimeAsync(150_000);
    const gaps = server.calls.slice(1).map((t, i) => t - server.calls[i]!);
    expect(gaps.slice(0, 6)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000]);
    expect(Math.max(...gaps)).toBe(30_000);
    controller.stop();
  });

  it('says the display secret is invalid and stops asking after a 401', async () => {
    const server = fakeServer(10);
    const { controller, screen } = display(server);
    await vi.advanceTimersByTimeAsync(0);
    server.set('revoked');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(screen().qrUrl).toBeUndefined();
    expect(screen().status[0]?.[0]).toBe('显示屏密钥无效或已停用');
    const asked = server.calls.length;
    await vi.advanceTimersByTimeAsync(600_000);
    expect(server.calls.length).toBe(asked);
    controller.stop();
  });

  it('asks again at once when the browser comes back online', async () => {
    const server = fakeServer(10);
    server.set('down');
    const { controller, screen } = display(server);
    await vi.advanceTimersByTimeAsync(20_000);
    server.set('up');
    controller.poke();
    await vi.advanceTimersByTimeAsync(0);
    expect(screen().qrUrl).toMatch(/b=R1$/);
    controller.stop();
  });

  it('treats a reply that is not a display code as a failure', () => {
    expect(isDisplayCode({ url: '', ballot: 'R', issuedAt: 'x', openUntil: 'y', refreshSeconds: 30 })).toBe(
      false,
    );
    expect(isDisplayCode({ error: { code: 'X' } })).toBe(false);
    expect(isDisplayCode(null)).toBe(false);
  });
});
