/** URLs the window display derives: the secret from its own address, the form's API from a code. */

/**
 * The display secret from the page's fragment (`#secret=ds_…`). A fragment never reaches the
 * server or its access logs, unlike a query string.
 */
export function secretFromHash(hash: string): string | undefined {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get('secret') ?? '';
  return /^ds_[A-Za-z0-9_-]{20,80}$/.test(value) ? value : undefined;
}

/**
 * The absolute URL to encode. The server builds codes on its configured base URL; where none is set
 * (the local stack) it sends a path, which only this page's origin can complete: a phone cannot.
 */
export const absoluteUrl = (url: string, pageUrl: string): string => new URL(url, pageUrl).href;

/** The public form API path behind a code's URL (`/f/?t=…&b=…`), to read the window's name. */
export function formApiPath(url: string, pageUrl: string): string | undefined {
  const params = new URL(url, pageUrl).searchParams;
  const token = params.get('t');
  if (!token || !/^[A-Za-z0-9_-]{10,80}$/.test(token)) return undefined;
  const ballot = params.get('b');
  return `/api/v1/forms/${token}${ballot ? `?b=${encodeURIComponent(ballot)}` : ''}`;
}
