/**
 * Small view helpers shared by the console pages: labelled inputs, buttons, the error panel, live
 * status messages, and file handling (download, open for printing, image data URLs). Text always
 * goes in as text nodes (web/shared/dom.ts); nothing here ever assigns innerHTML.
 */
import { beijingWallClock, serviceDay } from '../../functions/domain/service-day';
import { type Attrs, type Child, h, replaceChildren } from '../shared/dom';
import { ApiError } from './api';
import { locale, t } from './i18n';

let seq = 0;
/** A page-unique element id. */
export const uid = (prefix = 'c'): string => `${prefix}-${++seq}`;

/** Adds an event listener and returns the element, so builders stay expressions. */
export function on<E extends HTMLElement>(el: E, type: string, fn: (ev: Event) => void): E {
  el.addEventListener(type, fn);
  return el;
}

/** A `<button type="button">`. */
export function button(
  label: Child | Child[],
  onClick: (ev: Event) => void,
  attrs: Attrs = {},
): HTMLButtonElement {
  const children = Array.isArray(label) ? label : [label];
  return on(h('button', { type: 'button', class: 'btn', ...attrs }, ...children), 'click', onClick);
}

/** A label + control pair; the control gets an id when it has none. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  if (!control.id) control.id = uid('f');
  const hintEl = hint ? h('span', { class: 'hint', id: uid('h') }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintEl);
}

/** An `<input>` whose value is set as a property (never parsed as markup). */
export function input(
  attrs: Attrs,
  value: string | number = '',
  onInput?: (v: string) => void,
): HTMLInputElement {
  const el = h('input', { type: 'text', ...attrs });
  el.value = String(value);
  if (onInput) on(el, 'input', () => onInput(el.value));
  return el;
}

/** A `<select>` of `[value, label]` pairs. */
export function select(
  options: [string, string][],
  value: string,
  onChange?: (v: string) => void,
  attrs: Attrs = {},
): HTMLSelectElement {
  const el = h('select', attrs, ...options.map(([v, l]) => h('option', { value: v }, l)));
  el.value = value;
  if (onChange) on(el, 'change', () => onChange(el.value));
  return el;
}

/** A checkbox with its label. */
export function checkbox(label: string, checked: boolean, onChange: (v: boolean) => void): HTMLElement {
  const el = h('input', { type: 'checkbox', id: uid('cb') });
  el.checked = checked;
  on(el, 'change', () => onChange(el.checked));
  return h('div', { class: 'check' }, el, h('label', { for: el.id }, label));
}

/** The error panel: the server's message in the current locale, its code, and every field detail. */
export function errorPanel(err: unknown): HTMLElement {
  const e =
    err instanceof ApiError
      ? err
      : new ApiError(0, {
          code: 'CLIENT',
          message: err instanceof Error ? err.message : String(err),
          messageEn: err instanceof Error ? err.message : String(err),
        });
  const en = locale() === 'en';
  return h(
    'div',
    { class: 'alert error', role: 'alert' },
    h('p', { class: 'alert-title' }, `${t('error')}：${en ? e.messageEn : e.message}`),
    h('p', { class: 'muted small' }, `${e.code}${e.status ? ` · HTTP ${e.status}` : ''}`),
    e.details.length > 0 && h('p', {}, t('errorDetails')),
    e.details.length > 0 &&
      h(
        'ul',
        { class: 'details' },
        ...e.details.map((d) =>
          h('li', {}, h('code', {}, d.field || '—'), ' ', en ? d.messageEn || d.message : d.message),
        ),
      ),
  );
}

/** A polite live region; `say()` replaces its text so screen readers announce it. */
export function statusLine(): { el: HTMLElement; say(text: string): void; fail(err: unknown): void } {
  const el = h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
  return {
    el,
    say: (text) => replaceChildren(el, text ? h('p', { class: 'ok' }, text) : null),
    fail: (err) => replaceChildren(el, errorPanel(err)),
  };
}

/** Runs `fn` with `btn` disabled, reporting failures to `status`. */
export async function busy(
  btn: HTMLButtonElement,
  status: { fail(e: unknown): void },
  fn: () => Promise<void>,
) {
  btn.disabled = true;
  btn.setAttribute('aria-busy', 'true');
  try {
    await fn();
  } catch (err) {
    status.fail(err);
  } finally {
    btn.disabled = false;
    btn.removeAttribute('aria-busy');
  }
}

/** A heading that takes focus after navigation, so screen readers announce the new page. */
export const pageTitle = (text: string): HTMLHeadingElement =>
  h('h1', { tabindex: -1, class: 'page-title' }, text);

/** Date and time as `YYYY-MM-DD HH:mm`, Beijing time (what staff expect to read), in every locale. */
export function fmtDateTime(iso: string): string {
  if (Number.isNaN(Date.parse(iso))) return iso;
  return beijingWallClock(iso).slice(0, 16);
}

/**
 * A deadline: one that falls at 24:00 Beijing time (the end of a working day, as case deadlines
 * do) is that day, `YYYY-MM-DD`; any other instant is written in full.
 */
export function fmtDeadline(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const wall = beijingWallClock(iso);
  return wall.endsWith(' 00:00:00') ? serviceDay(new Date(t - 1)) : wall.slice(0, 16);
}

/** The Beijing service day `YYYY-MM-DD` of an instant. */
export function fmtDay(iso: string): string {
  if (Number.isNaN(Date.parse(iso))) return iso;
  return serviceDay(new Date(iso));
}

/** A rate, a fraction in [0, 1] as the API sends it, shown as `96.3%`; `—` when there is none. */
export function fmtRate(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  return `${(x * 100).toFixed(1)}%`;
}

/** A score on 0–100 with one decimal; `—` when there is none. */
export const fmtScore = (x: number | null | undefined): string =>
  x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(1);

/** Saves a blob under `filename` through a temporary link. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename, class: 'hidden' });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Opens a blob (an SVG poster) in a new window to print; if the browser blocks pop-ups, downloads it.
 * @returns false when it had to download instead.
 */
export function openBlob(blob: Blob, filename: string): boolean {
  const url = URL.createObjectURL(blob);
  const win = window.open(url, '_blank');
  setTimeout(() => URL.revokeObjectURL(url), 120_000);
  if (win) return true;
  saveBlob(blob, filename);
  return false;
}

/** A `data:` URL of a blob: the local CSP allows `img-src data:` but not `blob:`. */
export function blobToDataUrl(blob: Blob): Promise<string> {
  return new Promise((ok, fail) => {
    const r = new FileReader();
    r.onload = () => ok(String(r.result));
    r.onerror = () => fail(r.error);
    r.readAsDataURL(blob);
  });
}

/**
 * A box that scrolls sideways when its content is wider than the screen (a wide table on a
 * phone), so the page itself never does; keyboard users reach it with Tab and scroll it with the
 * arrow keys, and screen readers hear its name.
 */
export function scrollBox(label: string, ...children: Child[]): HTMLElement {
  return h('div', { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': label }, ...children);
}

/** A simple table (header labels and rows of cells) in its own {@link scrollBox}. */
export function table(head: string[], rows: Child[][], caption?: string): HTMLElement {
  return scrollBox(
    caption ?? t('scrollTable'),
    h(
      'table',
      { class: 'grid' },
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, ...head.map((l) => h('th', { scope: 'col' }, l)))),
      h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
    ),
  );
}
