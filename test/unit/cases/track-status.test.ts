import { describe, expect, it } from 'vitest';
import { describeStatus, normaliseReceipt } from '../../../web/track/status';

describe('citizen tracking page', () => {
  it('accepts a receipt typed in lower case or without dashes', () => {
    expect(normaliseReceipt('abcd efgh 1234')).toBe('ABCD-EFGH-1234');
    expect(normaliseReceipt('ABCD-EFGH-123')).toBeNull();
  });

  it('says a review needed no follow-up when no case was opened', () => {
    expect(describeStatus({ receipt: 'X', followUp: false })[0]![0]).toContain('无需后续办理');
  });

  it('shows the resolution and closing of a case, in both languages', () => {
    const lines = describeStatus({
      receipt: 'X',
      followUp: true,
      case: {
        status: 'closed',
        statusLabel: { 'zh-CN': '已关闭', en: 'Closed' },
        openedAt: '2026-11-02T02:00:00.000Z',
        acknowledged: true,
        resolvedAt: '2026-11-03T02:00:00.000Z',
        resolution: { 'zh-CN': '立行立改', en: 'Fixed at once' },
        closed: true,
      },
    });
    expect(lines.map((l) => l[0])).toEqual([
      '当前状态：已关闭',
      '立案日期：2026-11-02',
      '责任单位已受理',
      '办结日期：2026-11-03（立行立改）',
      '已回访并办结归档',
    ]);
    expect(lines.every(([, en]) => en.length > 0)).toBe(true);
  });
});
