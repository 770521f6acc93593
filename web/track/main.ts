/** The citizen tracking page: a receipt in (typed, or from the scanned QR code's `?r=`), the status out. */
import { append, h } from '../shared/dom';
import { describeStatus, normaliseReceipt, type ReceiptStatus } from './status';

const form = document.getElementById('track') as HTMLFormElement;
const input = document.getElementById('receipt') as HTMLInputElement;
const result = document.getElementById('result') as HTMLElement;

function show(lines: [string, string][]): void {
  result.textContent = '';
  for (const [zh, en] of lines)
    append(result, h('p', {}, zh, h('br'), h('span', { class: 'en', lang: 'en' }, en)));
}

async function lookUp(value: string): Promise<void> {
  const receipt = normaliseReceipt(value);
  if (!receipt) {
    show([['回执号应为 12 位字母或数字', 'A receipt has 12 letters or digits']]);
    return;
  }
  input.value = receipt;
  show([['正在查询…', 'Looking up…']]);
  try {
    const res = await fetch(`/api/v1/receipts/${encodeURIComponent(receipt)}`, { cache: 'no-store' });
    if (res.status === 404) {
      show([['未找到该回执，请核对后重试', 'No such receipt; please check it']]);
      return;
    }
    if (!res.ok) throw new Error(String(res.status));
    show(describeStatus((await res.json()) as ReceiptStatus));
  } catch {
    show([['网络繁忙，请稍后重试', 'The network is busy; please try again']]);
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  void lookUp(input.value);
});

const fromUrl = new URLSearchParams(location.search).get('r');
if (fromUrl) void lookUp(fromUrl);
