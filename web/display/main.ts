/**
 * The window display: opened full-screen as `/d/#secret=ds_…`, it shows the service point's
 * rotating QR code, renews it every `refreshSeconds`, and says clearly when it cannot.
 */
import { append, h, replaceChildren } from '../shared/dom';
import { type FetchOutcome, isDisplayCode, startDisplay } from './controller';
import { absoluteUrl, formApiPath, secretFromHash } from './links';
import { qrPath } from './qr-path';
import { type DisplayView, describeState, type Line, missingSecretView } from './view';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** A request that hangs longer than this counts as failed, so the backoff and the deadline still apply. */
const REQUEST_TIMEOUT_MS = 10_000;

const main = document.getElementById('display') as HTMLElement;
const codeBox = document.getElementById('code') as HTMLElement;
const countdown = document.getElementById('countdown') as HTMLElement;
const status = document.getElementById('status') as HTMLElement;
const place = document.getElementById('place') as HTMLElement;

const bilingual = ([zh, en]: Line): HTMLElement =>
  h('p', {}, zh, ' ', h('span', { class: 'en', lang: 'en' }, en));

let shownUrl: string | undefined;

/** Replaces the QR code only when the URL changed: the countdown re-renders every second. */
function showQr(url: string | undefined): void {
  if (url === shownUrl) return;
  shownUrl = url;
  if (!url) {
    replaceChildren(codeBox);
    return;
  }
  const { size, d } = qrPath(absoluteUrl(url, location.href));
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('shape-rendering', 'crispEdges');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', '评价二维码 Rating QR code');
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', String(size));
  bg.setAttribute('height', String(size));
  bg.setAttribute('fill', '#fff');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', '#000');
  svg.appendChild(bg);
  svg.appendChild(path);
  replaceChildren(codeBox, svg);
  // The code's own URL, for the browser tests and for staff checking which code is up.
  codeBox.setAttribute('data-url', absoluteUrl(url, location.href));
}

function render(view: DisplayView): void {
  showQr(view.qrUrl);
  main.className = `tone-${view.tone}${view.qrUrl ? '' : ' no-code'}`;
  replaceChildren(countdown, view.countdown ? bilingual(view.countdown) : null);
  replaceChildren(status, ...view.status.map(bilingual));
}

async function fetchCode(secret: string): Promise<FetchOutcome> {
  const abort = typeof AbortController === 'function' ? new AbortController() : undefined;
  const timer = setTimeout(() => abort?.abort(), REQUEST_TIMEOUT_MS);
  try {
    const res = await fetch('/api/v1/displays/current', {
      headers: { authorization: `Bearer ${secret}`, accept: 'application/json' },
      cache: 'no-store',
      signal: abort?.signal,
    });
    if (res.status === 401) return { kind: 'unauthorized' };
    if (!res.ok) return { kind: 'failed' };
    const body: unknown = await res.json();
    return isDisplayCode(body) ? { kind: 'code', code: body } : { kind: 'failed' };
  } catch {
    return { kind: 'failed' };
  } finally {
    clearTimeout(timer);
  }
}

/** The unit and window names, read once from the form the code opens; the page works without them. */
async function showPlace(codeUrl: string): Promise<boolean> {
  const path = formApiPath(codeUrl, location.href);
  if (!path) return true;
  try {
    const res = await fetch(path, { cache: 'no-store' });
    if (!res.ok) return false;
    type Name = { 'zh-CN'?: string; en?: string };
    const form = (await res.json()) as { unit?: { name?: Name }; servicePoint?: { name?: Name } };
    const zh = [form.unit?.name?.['zh-CN'], form.servicePoint?.name?.['zh-CN']].filter(Boolean).join(' · ');
    const en = [form.unit?.name?.en, form.servicePoint?.name?.en].filter(Boolean).join(' · ');
    if (zh || en) {
      replaceChildren(place, zh);
      if (en) append(place, ' ', h('span', { class: 'en', lang: 'en' }, en));
    }
    return true;
  } catch {
    // Names are a courtesy: the code on screen is what matters; try again with the next code.
    return false;
  }
}

const secret = secretFromHash(location.hash);
if (!secret) {
  render(missingSecretView());
} else {
  let placeAsked = false;
  const controller = startDisplay({
    fetchCode: () => fetchCode(secret),
    now: () => Date.now(),
    random: Math.random,
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
    render: (state, now) => {
      render(describeState(state, now));
      if (state.kind === 'showing' && !placeAsked) {
        placeAsked = true;
        void showPlace(state.code.url).then((done) => {
          placeAsked = done;
        });
      }
    },
  });
  window.addEventListener('online', () => controller.poke());
}
