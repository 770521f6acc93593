/**
 * The non-form screens: a message (errors, missing token), "saved, will send later", and the
 * thank-you page with the receipt. Each moves focus to its heading so screen readers announce it.
 */
import { h, replaceChildren } from '../shared/dom';
import { t } from './i18n';
import type { Locale, SubmissionReceipt } from './types';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A line icon drawn in SVG, because emoji and symbol glyphs are missing from many phones' fonts. */
function icon(kind: 'wait' | 'ok'): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  const attrs: Record<string, string> = {
    class: kind === 'ok' ? 'icon ok' : 'icon',
    viewBox: '0 0 24 24',
    fill: 'none',
    stroke: 'currentColor',
    'stroke-width': '2.2',
    'stroke-linecap': 'round',
    'stroke-linejoin': 'round',
    'aria-hidden': 'true',
  };
  for (const k in attrs) svg.setAttribute(k, attrs[k]!);
  const shapes =
    kind === 'ok' ? ['M5 12.5l4.5 4.5L19 7.5'] : ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18', 'M12 7v5l3.5 2'];
  for (const d of shapes) {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    svg.appendChild(path);
  }
  return svg;
}

function show(app: HTMLElement, panel: HTMLElement): void {
  replaceChildren(app, panel);
  panel.querySelector<HTMLElement>('h1')?.focus();
  window.scrollTo(0, 0);
}

/** A full-page message with an optional action button. */
export function showMessage(
  app: HTMLElement,
  title: string,
  message: string,
  action?: { label: string; run: () => void },
): void {
  const btn = action && h('button', { type: 'button', class: 'btn' }, action.label);
  btn?.addEventListener('click', action!.run);
  show(
    app,
    h(
      'section',
      { class: 'panel' },
      h('h1', { tabindex: -1 }, title),
      h('p', { class: 'msg', role: 'alert' }, message),
      btn,
    ),
  );
}

/** The "saved, will be sent when back online" screen; returns a setter for the retry hint. */
export function showQueued(
  app: HTMLElement,
  locale: Locale,
  onRetryNow: () => void,
): (retryInMs: number | null) => void {
  const info = h('p', { class: 'hint' }, t(locale, 'retrying'));
  const btn = h('button', { type: 'button', class: 'btn' }, t(locale, 'retryNow'));
  btn.addEventListener('click', onRetryNow);
  show(
    app,
    h(
      'section',
      { class: 'panel queued' },
      icon('wait'),
      h('h1', { tabindex: -1 }, t(locale, 'queuedTitle')),
      h('p', { class: 'msg', role: 'status' }, t(locale, 'queued')),
      h('p', {}, t(locale, 'queuedKeepOpen')),
      info,
      btn,
    ),
  );
  return (ms) => {
    info.textContent =
      ms === null ? t(locale, 'retrying') : t(locale, 'retryIn', { n: Math.max(1, Math.round(ms / 1000)) });
  };
}

function formatTime(iso: string, locale: Locale): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    return d.toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' });
  } catch {
    return d.toLocaleString();
  }
}

/** Selects the receipt text, the fallback when the Clipboard API is missing or refused. */
function selectText(el: Element): void {
  const range = document.createRange();
  range.selectNodeContents(el);
  const sel = window.getSelection();
  sel?.removeAllRanges();
  sel?.addRange(range);
}

/** The thank-you page with the receipt code, large and copyable. */
export function showThanks(app: HTMLElement, locale: Locale, receipt: SubmissionReceipt): void {
  const code = h('p', { class: 'receipt', id: 'receipt' }, receipt.receipt);
  const copied = h('span', { class: 'copied', role: 'status' });
  const btn = h('button', { type: 'button', class: 'btn' }, t(locale, 'copy'));
  btn.addEventListener('click', () => {
    const done = () => {
      copied.textContent = `✓ ${t(locale, 'copied')}`;
    };
    const fallback = () => {
      selectText(code);
      try {
        if (document.execCommand('copy')) done();
      } catch {
        // The text stays selected, so the citizen can copy it by hand.
      }
    };
    if (navigator.clipboard?.writeText) navigator.clipboard.writeText(receipt.receipt).then(done, fallback);
    else fallback();
  });
  show(
    app,
    h(
      'section',
      { class: 'panel done' },
      icon('ok'),
      h('h1', { tabindex: -1 }, t(locale, 'thanksTitle')),
      h('p', { class: 'label' }, t(locale, 'receiptLabel')),
      code,
      h('p', {}, btn, ' ', copied),
      h('p', { class: 'hint' }, t(locale, 'receiptKeep')),
      h('p', { class: 'hint' }, t(locale, 'submittedAt', { t: formatTime(receipt.submittedAt, locale) })),
    ),
  );
}
