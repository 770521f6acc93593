/**
 * Builds the window-display page into `<outDir>/d/index.html` with its content-hashed script and
 * stylesheet under assets/. Nothing is inline, so `script-src 'self'; style-src 'self'` suffices:
 * CloudFront's policy (infra/stacks/web-stack.ts) and the local server's allow it as they are. The
 * same policy goes into the page as a <meta> tag for the China target, which sends no CSP header.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { bundleJs, hashedAssetPath as hashedPath, PHONE_TARGET as TARGET } from '../bundle';

const here = dirname(fileURLToPath(import.meta.url));

/** The page's policy: its own files, same-origin API calls, nothing else (the icon is a data: URL). */
export const DISPLAY_CSP: Record<string, string[]> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'connect-src': ["'self'"],
  'img-src': ['data:'],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** The policy as a <meta> tag (frame-ancestors is ignored there; the header carries it where sent). */
function metaCsp(directives: Record<string, string[]>): string {
  const { 'frame-ancestors': _ignoredInMeta, ...rest } = directives;
  const value = Object.entries(rest)
    .map(([name, values]) => [name, ...values].join(' '))
    .join('; ');
  return `<meta http-equiv="Content-Security-Policy" content="${value}">`;
}

/** Writes the page and its assets; returns the files written (relative to outDir) and the page's CSP. */
export async function buildDisplayPage(
  outDir: string,
): Promise<{ files: string[]; csp: Record<string, string[]> }> {
  const [bundled, css, tpl] = await Promise.all([
    bundleJs(join(here, 'main.ts'), TARGET),
    readFile(join(here, 'display.css'), 'utf8'),
    readFile(join(here, 'index.html'), 'utf8'),
  ]);
  const js = `${bundled}\n`;
  const minCss = `${(await transform(css, { loader: 'css', minify: true, target: TARGET, charset: 'utf8' })).code.trim()}\n`;
  const jsPath = hashedPath('display', js, 'js');
  const cssPath = hashedPath('display', minCss, 'css');
  const html = `${tpl
    .replace(/>\s+</g, '><')
    .trim()
    .replace(/<head>/i, `<head>${metaCsp(DISPLAY_CSP)}`)
    .split('/*DISPLAY_JS*/')
    .join(jsPath)
    .split('/*DISPLAY_CSS*/')
    .join(cssPath)}\n`;
  await mkdir(join(outDir, 'd'), { recursive: true });
  await mkdir(join(outDir, 'assets'), { recursive: true });
  await Promise.all([
    writeFile(join(outDir, 'd/index.html'), html),
    writeFile(join(outDir, jsPath.slice(1)), js),
    writeFile(join(outDir, cssPath.slice(1)), minCss),
  ]);
  return { files: ['d/index.html', jsPath.slice(1), cssPath.slice(1)], csp: DISPLAY_CSP };
}
