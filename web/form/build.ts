/**
 * Builds the citizen form's scripts: the proof-of-work worker and the on-demand assets first (their
 * content-hashed paths are compiled into the form as `ALTCHA_WORKER_URL`, `MN_STRINGS_URL`,
 * `MN_CSS_URL` (which names the Mongolian font) and `BIG_CSS_URL`), then the form itself. scripts/build-web.ts inlines
 * the form and writes the others under assets/, where the page fetches them only when needed: the
 * worker for ALTCHA questionnaires, the Mongolian strings, stylesheet and font for a form shown in
 * traditional Mongolian, the large-text stylesheet when that mode is on.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { bundleJs, hashedAssetPath } from '../bundle';
import { mn } from './i18n-mn';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/**
 * The code points the Mongolian font keeps: the Mongolian block's punctuation, free variation
 * selectors, vowel separator and digits (U+1800–U+1819), the letters of modern Mongolian
 * (U+1820–U+1842), the narrow no-break space that joins case suffixes (U+202F), the joiners, and
 * the space. A fixed range rather than the glyphs of today's questionnaires, so a questionnaire
 * written later renders without a rebuild; Todo, Sibe, Manchu and Ali Gali letters are left out.
 */
export const MONGOLIAN_SUBSET =
  ' \u200c\u200d\u202f' +
  Array.from({ length: 0x1842 - 0x1800 + 1 }, (_, i) => String.fromCodePoint(0x1800 + i)).join('');

/** Noto Sans Mongolian (SIL OFL 1.1) cut to {@link MONGOLIAN_SUBSET}, as WOFF2. */
export async function mongolianFont(): Promise<Uint8Array> {
  const { default: subsetFont } = await import('subset-font');
  const source = await readFile(
    require.resolve('@fontsource/noto-sans-mongolian/files/noto-sans-mongolian-mongolian-400-normal.woff2'),
  );
  return new Uint8Array(await subsetFont(source, MONGOLIAN_SUBSET, { targetFormat: 'woff2' }));
}

/** A stylesheet beside this file, minified, with its content-hashed path under assets/. */
async function cssAsset(file: string, name: string, target: string[], fill: Record<string, string> = {}) {
  const css = await readFile(join(here, file), 'utf8');
  let text = `${(await transform(css, { loader: 'css', minify: true, target, charset: 'utf8' })).code.trim()}\n`;
  for (const [marker, value] of Object.entries(fill)) text = text.split(marker).join(value);
  return { path: hashedAssetPath(name, text, 'css'), text };
}

/** What the form page runs, and the files it fetches on demand (paths absolute on the site). */
export interface FormScripts {
  formJs: string;
  /** The worker's text (with a trailing newline, as written) and its absolute path on the site. */
  workerJs: string;
  workerPath: string;
  /** The Mongolian strings as JSON, the vertical layout's stylesheet, and the Mongolian font subset. */
  mnStrings: { path: string; text: string };
  mnCss: { path: string; text: string };
  /** The large-text mode's stylesheet, fetched when the mode is on. */
  bigCss: { path: string; text: string };
  mnFont: { path: string; bytes: Uint8Array };
}

/** Bundles the worker, writes the Mongolian assets' names, then the form pointing at them. */
export async function buildFormScripts(target: string[]): Promise<FormScripts> {
  const [workerBundle, fontBytes, bigCss] = await Promise.all([
    bundleJs(join(here, 'altcha-worker.ts'), target),
    mongolianFont(),
    cssAsset('big.css', 'form-big', target),
  ]);
  const workerJs = `${workerBundle}\n`;
  const workerPath = hashedAssetPath('altcha', workerJs, 'js');
  const mnText = `${JSON.stringify(mn)}\n`;
  const mnStrings = { path: hashedAssetPath('form-mn', mnText, 'json'), text: mnText };
  const mnFont = { path: hashedAssetPath('mong', fontBytes, 'woff2'), bytes: fontBytes };
  const mnCss = await cssAsset('mong.css', 'form-mn', target, { MONG_FONT_URL: mnFont.path });
  const formJs = await bundleJs(join(here, 'main.ts'), target, {
    ALTCHA_WORKER_URL: JSON.stringify(workerPath),
    MN_STRINGS_URL: JSON.stringify(mnStrings.path),
    MN_CSS_URL: JSON.stringify(mnCss.path),
    BIG_CSS_URL: JSON.stringify(bigCss.path),
  });
  return { formJs, workerJs, workerPath, mnStrings, mnCss, bigCss, mnFont };
}
