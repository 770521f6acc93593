/**
 * The Content-Security-Policy for the static pages. If the web build inlined scripts or
 * styles, it lists their hashes in web/dist/csp.json and they are allowed by hash only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

type CspSources = Record<string, Record<string, string[]>>;

export function webCsp(webDist: string): (path: string) => string {
  const file = join(webDist, 'csp.json');
  const extra: CspSources = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  return (path) => {
    const page = path.startsWith('/f/')
      ? extra.form
      : path.startsWith('/console')
        ? extra.console
        : undefined;
    const src = (name: string) => ["'self'", ...(page?.[name] ?? [])].join(' ');
    return [
      "default-src 'self'",
      `script-src ${src('script-src')}`,
      `style-src ${src('style-src')}`,
      "img-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; ');
  };
}
