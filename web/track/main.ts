/**
 * The citizen tracking page: a receipt in (typed, or from the scanned QR code's `?r=`), the status
 * out, in Chinese with English beside it, or in traditional Mongolian (vertical) with Chinese beside
 * it. Mongolian comes from `?l=mn-Mong`, the language the form was last used in on this phone, the
 * browser's languages, or the page's switch; its font subset loads only then.
 */
import { append, h } from '../shared/dom';
import { largeTextToggle, localStore } from '../shared/large-text';
import {
  describeStatus,
  normaliseReceipt,
  type ReceiptStatus,
  type StatusLine,
  WITHDRAW_TEXTS,
  withdrawHint,
} from './status';

/** The Mongolian font subset's content-hashed path, compiled in by web/track/build.ts. */
declare const MN_FONT_URL: string;

const form = document.getElementById('track') as HTMLFormElement;
const input = document.getElementById('receipt') as HTMLInputElement;
const result = document.getElementById('result') as HTMLElement;
const main = document.querySelector('main') as HTMLElement;
const mnBtn = document.getElementById('mn') as HTMLButtonElement;
const store = localStore();

/** The page's fixed texts by element id: [Chinese, English, Mongolian]. */
const TEXTS: Record<string, StatusLine> = {
  title: ['办理进度查询', 'Track your feedback', 'ᠠᠵᠢᠯ ᠤᠨ ᠶᠠᠪᠤᠴᠠ ᠶᠢ ᠯᠠᠪᠯᠠᠬᠤ'],
  ask: [
    '请输入评价回执号（或扫描回执二维码打开本页）',
    'Enter the receipt from your submission (or scan its QR code)',
    'ᠦᠨᠡᠯᠡᠭᠡ ᠶᠢᠨ ᠪᠠᠷᠢᠮᠲᠠ ᠶᠢᠨ ᠨᠣᠮᠧᠷ ᠢ ᠣᠷᠣᠭᠤᠯᠤᠨ᠎ᠠ ᠤᠤ',
  ],
  go: ['查询', 'Look up', 'ᠯᠠᠪᠯᠠᠬᠤ'],
};
const MESSAGES = {
  bad: ['回执号应为 12 位字母或数字', 'A receipt has 12 letters or digits', 'ᠪᠠᠷᠢᠮᠲᠠ ᠶᠢᠨ ᠨᠣᠮᠧᠷ 12 ᠣᠷᠣᠨ ᠲᠠᠢ'],
  busy: ['正在查询…', 'Looking up…', 'ᠯᠠᠪᠯᠠᠵᠤ ᠪᠠᠶᠢᠨ᠎ᠠ᠁'],
  none: ['未找到该回执，请核对后重试', 'No such receipt; please check it', 'ᠡᠨᠡ ᠪᠠᠷᠢᠮᠲᠠ ᠣᠯᠳᠠᠭᠰᠠᠨ ᠦᠭᠡᠢ'],
  down: [
    '网络繁忙，请稍后重试',
    'The network is busy; please try again',
    'ᠰᠦᠯᠵᠢᠶ᠎ᠡ ᠡᠵᠡᠭᠦᠦ ᠪᠠᠶᠢᠨ᠎ᠠ᠂ ᠳᠠᠷᠠᠭ᠎ᠠ ᠲᠤᠷᠰᠢᠨ᠎ᠠ ᠤᠤ',
  ],
} satisfies Record<string, StatusLine>;

const params = new URLSearchParams(location.search);
let mongolian =
  params.get('l') === 'mn-Mong' ||
  (params.get('l') === null &&
    (readSaved() === 'mn-Mong' || (navigator.languages ?? []).some((l) => /^mn-(mong|cn)\b/i.test(l))));
let lastLines: StatusLine[] = [];
let lastStatus: ReceiptStatus | undefined;

function readSaved(): string | null {
  try {
    return store?.getItem('kmpj:locale') ?? null;
  } catch {
    return null;
  }
}

/** A line as the page shows it: the main language, then the second one smaller. */
function line([zh, en, mn]: StatusLine): HTMLElement[] {
  return mongolian
    ? [h('span', { lang: 'mn-Mong' }, mn), h('br'), h('span', { class: 'en', lang: 'zh-CN' }, zh)]
    : [h('span', {}, zh), h('br'), h('span', { class: 'en', lang: 'en' }, en)];
}

function show(lines: StatusLine[], status?: ReceiptStatus): void {
  lastLines = lines;
  lastStatus = status;
  result.textContent = '';
  for (const l of lines) append(result, h('p', {}, ...line(l)));
  if (status?.withdrawableUntil) {
    const btn = h(
      'button',
      { type: 'button', id: 'withdraw', class: 'secondary' },
      ...line(WITHDRAW_TEXTS.button),
    );
    btn.addEventListener('click', () => void withdraw(status.receipt, btn as HTMLButtonElement));
    append(
      result,
      h('p', {}, btn),
      h('p', { class: 'hint' }, ...line(withdrawHint(status.withdrawableUntil))),
    );
  }
}

/** Withdraws the ballot once the citizen confirms, then shows the status again. */
async function withdraw(receipt: string, btn: HTMLButtonElement): Promise<void> {
  const [zh, en, mn] = WITHDRAW_TEXTS.confirm;
  if (!window.confirm(mongolian ? `${mn}\n${zh}` : `${zh}\n${en}`)) return;
  btn.disabled = true;
  try {
    const res = await fetch(`/api/v1/receipts/${encodeURIComponent(receipt)}/withdraw`, {
      method: 'POST',
      cache: 'no-store',
    });
    if (res.status === 409) {
      show([WITHDRAW_TEXTS.tooLate]);
      return;
    }
    if (!res.ok) throw new Error(String(res.status));
    await lookUp(receipt);
  } catch {
    show([MESSAGES.down]);
  }
}

let fontAdded = false;
function applyLanguage(): void {
  if (mongolian && !fontAdded && 'FontFace' in window) {
    fontAdded = true;
    const face = new FontFace('kmpj-mong', `url(${MN_FONT_URL}) format("woff2")`, { display: 'swap' });
    document.fonts.add(face);
    void face.load().catch(() => undefined);
  }
  document.documentElement.lang = mongolian ? 'mn-Mong' : 'zh-CN';
  main.classList.toggle('mong', mongolian);
  for (const [id, text] of Object.entries(TEXTS)) {
    const el = document.getElementById(id);
    if (el) {
      el.textContent = '';
      append(el, ...line(text));
    }
  }
  mnBtn.textContent = mongolian ? '中文' : 'ᠮᠣᠩᠭᠣᠯ';
  mnBtn.lang = mongolian ? 'zh-CN' : 'mn-Mong';
  show(lastLines, lastStatus);
}

async function lookUp(value: string): Promise<void> {
  const receipt = normaliseReceipt(value);
  if (!receipt) {
    show([MESSAGES.bad]);
    return;
  }
  input.value = receipt;
  show([MESSAGES.busy]);
  try {
    const res = await fetch(`/api/v1/receipts/${encodeURIComponent(receipt)}`, { cache: 'no-store' });
    if (res.status === 404) {
      show([MESSAGES.none]);
      return;
    }
    if (!res.ok) throw new Error(String(res.status));
    const status = (await res.json()) as ReceiptStatus;
    show(describeStatus(status), status);
  } catch {
    show([MESSAGES.down]);
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  void lookUp(input.value);
});
mnBtn.addEventListener('click', () => {
  mongolian = !mongolian;
  applyLanguage();
});
largeTextToggle(document.getElementById('big') as HTMLButtonElement, store);
applyLanguage();

const fromUrl = params.get('r');
if (fromUrl) void lookUp(fromUrl);
