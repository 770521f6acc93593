/** `Content-Disposition` for downloads with Chinese names: an ASCII fallback plus RFC 5987 `filename*`. */

/** RFC 5987 attr-char escaping: encodeURIComponent leaves ' ( ) * ! which attr-char does not allow. */
const rfc5987 = (s: string) =>
  encodeURIComponent(s).replace(/['()*!]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);

/** Characters no file system or browser should see in a saved name. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
const unsafe = /[\\/:*?"<>|\u0000-\u001F\u007F]/g;

/**
 * @param ascii  fallback name for old clients: only [A-Za-z0-9._-] survive
 * @param name   the real (e.g. Chinese) file name
 */
export function contentDisposition(ascii: string, name: string): string {
  const fallback = ascii.replace(/[^A-Za-z0-9._-]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${rfc5987(name.replace(unsafe, '_'))}`;
}
