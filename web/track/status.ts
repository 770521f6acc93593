/** What the tracking page says for each state of the follow-up: words only, no personal data. */

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
  if (!s.followUp || !s.case) {
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
