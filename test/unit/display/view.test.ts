import { describe, expect, it } from 'vitest';
import {
  type DisplayCode,
  initialState,
  onCode,
  onFailure,
  onUnauthorized,
} from '../../../web/display/schedule';
import { describeState, missingSecretView } from '../../../web/display/view';

const code: DisplayCode = {
  url: '/f/?t=abc&b=Rxyz',
  ballot: 'Rxyz',
  issuedAt: '2026-11-17T03:00:00.000Z',
  openUntil: '2026-11-17T03:01:00.000Z',
  refreshSeconds: 30,
};
const T0 = 1_000_000;

describe('what the display says', () => {
  it('shows the code with a countdown, Chinese first and English beside', () => {
    const view = describeState(onCode(code, T0), T0 + 2_500);
    expect(view).toMatchObject({ qrUrl: code.url, tone: 'info', status: [] });
    expect(view.countdown).toEqual(['28 秒后更新', 'Renews in 28 s']);
  });

  it('keeps the code during an outage but says it is reconnecting', () => {
    const view = describeState(onFailure(onCode(code, T0), T0 + 31_000, 0), T0 + 31_000);
    expect(view.qrUrl).toBe(code.url);
    expect(view.tone).toBe('warn');
    expect(view.status[0]?.[0]).toContain('正在重新连接');
  });

  it('says clearly that the code cannot be shown once the last one has expired', () => {
    const view = describeState(onFailure(initialState(T0), T0, 0), T0);
    expect(view.qrUrl).toBeUndefined();
    expect(view.tone).toBe('alert');
    expect(view.status[0]).toEqual(['暂时无法显示评价二维码', 'The rating code cannot be shown right now']);
  });

  it('says the display secret is invalid or revoked after a 401', () => {
    const view = describeState(onUnauthorized(), T0);
    expect(view.qrUrl).toBeUndefined();
    expect(view.status[0]?.[0]).toContain('显示屏密钥无效或已停用');
    expect(view.status[0]?.[1]).toContain('revoked');
  });

  it('tells how to fix a page opened without its secret', () => {
    expect(
      missingSecretView()
        .status.map(([zh]) => zh)
        .join(),
    ).toContain('控制台');
  });
});
