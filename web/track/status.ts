/** What the tracking page says for each state of the follow-up: words only, no personal data. */
import { beijingWallClock } from '../../functions/domain/service-day';

export interface ReceiptStatus {
  receipt: string;
  followUp: boolean;
  case?: {
    status: string;
    statusLabel: { 'zh-CN': string; en: string };
    openedAt: string;
    acknowledged: boolean;
    resolvedAt?: string;
    resolution?: { 'zh-CN': string; en: string };
    closed: boolean;
  };
  /** When the citizen withdrew the ballot. */
  withdrawnAt?: string;
  /** Until when the citizen may withdraw it. */
  withdrawableUntil?: string;
}

/** One line in Chinese, English and traditional Mongolian (labels from the server stay Chinese there). */
export type StatusLine = [zh: string, en: string, mn: string];

/** A receipt as typed: upper case, separators normalised, `null` when it cannot be one. */
export function normaliseReceipt(input: string): string | null {
  const raw = input.toUpperCase().replace(/[^0-9A-Z]/g, '');
  if (raw.length !== 12) return null;
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
}

/** Lines to show, each as [zh-CN, English, Mongolian]. */
export function describeStatus(s: ReceiptStatus): StatusLine[] {
  const withdrawn: StatusLine[] = s.withdrawnAt
    ? [
        [
          '您已撤回本次评价，不计入得分。',
          'You withdrew this rating; it does not count.',
          'ᠦᠨᠡᠯᠡᠭᠡ ᠶᠢ ᠪᠤᠴᠠᠭᠠᠪᠠ᠃',
        ],
      ]
    : [];
  if (!s.followUp || !s.case) {
    if (s.withdrawnAt) return withdrawn;
    return [
      [
        '您的评价已收到，无需后续办理。感谢您的反馈！',
        'Your feedback was received; no follow-up was needed. Thank you!',
        'ᠲᠠᠨ ᠤ ᠦᠨᠡᠯᠡᠭᠡ ᠶᠢ ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠤᠯᠠ᠂ ᠴᠠᠭᠠᠰ ᠠᠵᠢᠯ ᠬᠡᠷᠡᠭ ᠦᠭᠡᠢ᠃ ᠪᠠᠶᠠᠷᠯᠠᠯᠠ᠃',
      ],
    ];
  }
  const c = s.case;
  const day = (iso: string) => iso.slice(0, 10);
  const lines: StatusLine[] = [
    ...withdrawn,
    [
      `当前状态：${c.statusLabel['zh-CN']}`,
      `Status: ${c.statusLabel.en}`,
      `ᠣᠳᠣᠬᠠ ᠪᠠᠶᠢᠳᠠᠯ᠄ ${c.statusLabel['zh-CN']}`,
    ],
    [`立案日期：${day(c.openedAt)}`, `Opened: ${day(c.openedAt)}`, `ᠪᠦᠷᠢᠳᠬᠡᠭᠰᠡᠨ ᠡᠳᠦᠷ᠄ ${day(c.openedAt)}`],
  ];
  if (c.acknowledged)
    lines.push(['责任单位已受理', 'The responsible unit has accepted it', 'ᠬᠠᠷᠢᠭᠤᠴᠠᠬᠤ ᠨᠡᠭᠡᠴᠡ ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠤᠯᠠ']);
  if (c.resolvedAt && c.resolution) {
    lines.push([
      `办结日期：${day(c.resolvedAt)}（${c.resolution['zh-CN']}）`,
      `Resolved: ${day(c.resolvedAt)} (${c.resolution.en})`,
      `ᠰᠢᠢᠳᠪᠦᠷᠢᠯᠡᠭᠰᠡᠨ ᠡᠳᠦᠷ᠄ ${day(c.resolvedAt)} (${c.resolution['zh-CN']})`,
    ]);
  }
  if (c.closed) lines.push(['已回访并办结归档', 'Called back and closed', 'ᠬᠠᠷᠢᠭᠤ ᠮᠡᠳᠡᠭᠳᠡᠵᠦ ᠬᠠᠭᠠᠪᠠ']);
  return lines;
}

/** The withdraw button and what it says while and after it works. */
export const WITHDRAW_TEXTS = {
  button: ['撤回本次评价', 'Withdraw this rating', 'ᠦᠨᠡᠯᠡᠭᠡ ᠶᠢ ᠪᠤᠴᠠᠭᠠᠬᠤ'],
  confirm: [
    '确定撤回？撤回后本次评价不计入得分，且不能恢复。已反映的问题仍会办理。',
    'Withdraw it? It will not count and cannot be restored. A problem you reported is still followed up.',
    'ᠦᠨᠡᠯᠡᠭᠡ ᠶᠢ ᠪᠤᠴᠠᠭᠠᠬᠤ ᠤᠤ?',
  ],
  tooLate: [
    '已超过 30 分钟，不能再撤回',
    'More than 30 minutes have passed; it can no longer be withdrawn',
    'ᠦᠨᠡᠯᠡᠭᠡ ᠶᠢ ᠪᠤᠴᠠᠭᠠᠬᠤ ᠦᠭᠡᠢ',
  ],
} satisfies Record<string, StatusLine>;

/** The hint beside the withdraw button: until when (Beijing time, HH:MM). */
export function withdrawHint(until: string): StatusLine {
  const hhmm = beijingWallClock(until).slice(11, 16);
  return [`${hhmm} 前可撤回`, `You may withdraw it until ${hhmm} (Beijing time)`, `${hhmm}`];
}
