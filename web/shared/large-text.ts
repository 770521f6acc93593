/**
 * The large-text, high-contrast mode (适老化) of the citizen pages and the console: a toggle button
 * that sets `html.big`, which each page's stylesheet turns into base text of at least 20 px, touch
 * targets of at least 48 px and black-on-white colours. The choice is remembered on this device.
 */

const KEY = 'kmpj:large';

/** The few Web Storage methods used, so private mode (throwing storage) and tests both fit. */
type Store = Pick<Storage, 'getItem' | 'setItem'>;

/** Whether the mode was switched on before on this device. */
export function largeTextSaved(store: Store | null): boolean {
  try {
    return store?.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * Turns the mode on or off for the page, and marks `button` pressed accordingly. `stylesheet`, the
 * mode's own rules where the page keeps them apart (the citizen form), is linked the first time.
 */
export function applyLargeText(on: boolean, button?: HTMLElement | null, stylesheet?: string): void {
  if (on && stylesheet && !document.querySelector(`link[href="${stylesheet}"]`)) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = stylesheet;
    document.head.appendChild(link);
  }
  document.documentElement.classList.toggle('big', on);
  button?.setAttribute('aria-pressed', String(on));
}

/** Wires `button` to switch the mode and remember it; applies the remembered choice at once. */
export function largeTextToggle(
  button: HTMLElement,
  store: Store | null,
  { stylesheet, onChange }: { stylesheet?: string; onChange?: () => void } = {},
): void {
  applyLargeText(largeTextSaved(store), button, stylesheet);
  button.addEventListener('click', () => {
    const on = !document.documentElement.classList.contains('big');
    try {
      store?.setItem(KEY, on ? '1' : '0');
    } catch {
      // Not remembered in private mode: the mode still lasts for this page.
    }
    applyLargeText(on, button, stylesheet);
    onChange?.();
  });
}

/** `window.localStorage`, or null where the browser refuses it. */
export function localStore(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
