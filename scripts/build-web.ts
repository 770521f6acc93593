/**
 * Builds web/ into web/dist/:
 * - f/index.html — the citizen form, one self-contained file: CSS and JS are inlined so a phone on a
 *   weak network needs a single round trip. Their sha256 hashes go into csp.json so the server or
 *   CloudFront can send a strict Content-Security-Policy without 'unsafe-inline'. Its ALTCHA worker
 *   (web/form/build.ts) is a content-hashed file under assets/, fetched only by proof-of-work forms.
 * - index.html — the landing page, which links one content-hashed stylesheet under assets/ (cacheable
 *   for ever; allowed by `style-src 'self'`).
 * - d/index.html — the window display's rotating QR code (web/display/build.ts).
 * - console/index.html — the staff console, a single-page app: one content-hashed script and one
 *   stylesheet under assets/ (uPlot's CSS, the console's, and the citizen form's CSS scoped to the
 *   editor's `.fp` preview). Served with `script-src 'self'; style-src 'self'`: nothing inline.
 *
 * Run directly (`tsx scripts/build-web.ts`) it builds into web/dist and prints the form's gzipped size.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { transform } from 'esbuild';
import { bundleJs, CONSOLE_TARGET, hashedAssetPath as hashed, PHONE_TARGET as TARGET } from '../web/bundle';
import { buildDisplayPage } from '../web/display/build';
import { buildFormScripts } from '../web/form/build';
import { buildTrackPage } from '../web/track/build';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');

/** CSP directives for one page, e.g. `{ 'script-src': ["'sha256-…'"] }`. */
export type CspDirectives = Record<string, string[]>;

/** What a build produced. */
export interface WebBuildReport {
  outDir: string;
  /** Bytes of the form page (everything under f/), raw and gzipped. */
  formBytes: number;
  formGzipBytes: number;
  /** The ALTCHA worker, fetched only by forms whose questionnaire asks for proof of work. */
  formWorker: { path: string; gzipBytes: number };
  /** What a form shown in traditional Mongolian fetches besides the page: its strings and font subset. */
  formMongolian: {
    strings: { path: string; gzipBytes: number };
    css: { path: string; gzipBytes: number };
    font: { path: string; bytes: number };
  };
  /** The console's first load: its page, script and stylesheet (paths under outDir) and their gzipped total. */
  console: { files: string[]; gzipBytes: number };
  /** CSP directives per page, as written to csp.json. */
  csp: { form: CspDirectives; console: CspDirectives };
}

const sha256 = (text: string): string =>
  `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Joins directives into a header value: `default-src 'none'; script-src 'sha256-…'; …`. */
export function cspHeader(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(' '))
    .join('; ');
}

async function minifyCss(file: string): Promise<string> {
  const css = await readFile(join(web, file), 'utf8');
  return (await transform(css, { loader: 'css', minify: true, target: TARGET, charset: 'utf8' })).code.trim();
}

/**
 * The console's stylesheet: uPlot's, the console's own, and the citizen form's nested under `.fp`
 * (esbuild lowers the nesting), so the editor's live preview looks exactly like the form without the
 * form's page-level rules (body, main, h1 …) leaking into the console.
 */
async function consoleCss(): Promise<string> {
  const [uplot, own, form] = await Promise.all([
    readFile(join(root, 'node_modules/uplot/dist/uPlot.min.css'), 'utf8'),
    readFile(join(web, 'console/console.css'), 'utf8'),
    readFile(join(web, 'form/form.css'), 'utf8'),
  ]);
  const css = `${uplot}\n${own}\n.fp{\n${form}\n}\n`;
  return (
    await transform(css, { loader: 'css', minify: true, target: CONSOLE_TARGET, charset: 'utf8' })
  ).code.trim();
}

const gzipSize = (text: string): number => gzipSync(Buffer.from(text, 'utf8'), { level: 9 }).length;

/**
 * Fills a page template: collapses the whitespace between tags, then substitutes the markers
 * (`/*NAME*` + `/`). Uses split/join, not String.replace, whose `$` patterns would corrupt minified code.
 */
function fill(template: string, values: Record<string, string>): string {
  let html = template.replace(/>\s+</g, '><').trim();
  for (const [name, value] of Object.entries(values)) html = html.split(`/*${name}*/`).join(value);
  return `${html}\n`;
}

async function writeOut(outDir: string, path: string, text: string): Promise<void> {
  await mkdir(dirname(join(outDir, path)), { recursive: true });
  await writeFile(join(outDir, path), text);
}

/**
 * The same policy as a <meta> tag too, for hosting that cannot add response headers (CloudFront in
 * the AWS China regions has no response-headers policies). Where a header is also sent, both apply.
 * frame-ancestors is left out: browsers ignore it in <meta>; the header and X-Frame-Options carry it.
 */
export function withMetaCsp(html: string, directives: CspDirectives): string {
  const { 'frame-ancestors': _ignoredInMeta, ...rest } = directives;
  const tag = `<meta http-equiv="Content-Security-Policy" content="${cspHeader(rest).replace(/"/g, '&quot;')}">`;
  if (!/<head>/i.test(html)) throw new Error('page has no <head> for its CSP');
  return html.replace(/<head>/i, `<head>${tag}`);
}

/**
 * Builds all pages into `outDir` (emptied first) and writes `csp.json` beside them.
 * @returns sizes and the form's CSP directives, for the budget test and the console output.
 */
export async function buildWeb(outDir: string = join(web, 'dist')): Promise<WebBuildReport> {
  const [formCss, formScripts, pageCss, consoleJs, consoleStyles, formTpl, indexTpl, consoleTpl] =
    await Promise.all([
      minifyCss('form/form.css'),
      buildFormScripts(TARGET),
      minifyCss('shared/page.css'),
      bundleJs(join(web, 'console/main.ts'), CONSOLE_TARGET),
      consoleCss(),
      readFile(join(web, 'form/index.html'), 'utf8'),
      readFile(join(web, 'index.html'), 'utf8'),
      readFile(join(web, 'console/index.html'), 'utf8'),
    ]);
  const { formJs } = formScripts;
  if (/<\/style/i.test(formCss) || /<\/script/i.test(formJs))
    throw new Error('inlined code would end its tag early');
  const form = fill(formTpl, { INLINE_CSS: formCss, INLINE_JS: formJs });
  const pageCssPath = hashed('page', pageCss, 'css');
  const consoleJsPath = hashed('console', consoleJs, 'js');
  const consoleCssPath = hashed('console', consoleStyles, 'css');
  const consoleHtml = fill(consoleTpl, {
    PAGE_CSS: pageCssPath,
    CONSOLE_JS: consoleJsPath,
    CONSOLE_CSS: consoleCssPath,
  });

  // Everything the form needs is in its one file, so everything else can be refused.
  const csp = {
    form: {
      'default-src': ["'none'"],
      'script-src': [sha256(formJs)],
      // The inlined stylesheet by hash; 'self' for the Mongolian layout's and the large-text mode's
      // files, fetched only for that language or mode.
      'style-src': [sha256(formCss), "'self'"],
      'connect-src': ["'self'"],
      // The ALTCHA solver's worker, a same-origin file under assets/.
      'worker-src': ["'self'"],
      // The Mongolian font subset, a same-origin file under assets/ loaded only for that language.
      'font-src': ["'self'"],
      'img-src': ['data:'],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"],
    },
    // The console loads its own hashed files only. Images: QR codes arrive as data: URLs (and
    // blob: for the print views); connect to the same-origin API, and to S3 for agency files over
    // 1 MiB (presigned PUT; CloudFront's header narrows this to the one upload bucket).
    console: {
      'default-src': ["'none'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      // The Mongolian font subset, for the questionnaire editor's Mongolian preview.
      'font-src': ["'self'"],
      'connect-src': ["'self'", 'https://*.amazonaws.com', 'https://*.amazonaws.com.cn'],
      'img-src': ["'self'", 'data:', 'blob:'],
      'base-uri': ["'none'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    },
  };
  await rm(outDir, { recursive: true, force: true });
  await Promise.all([
    writeOut(outDir, 'f/index.html', withMetaCsp(form, csp.form)),
    writeOut(outDir, 'index.html', fill(indexTpl, { PAGE_CSS: pageCssPath })),
    writeOut(outDir, 'console/index.html', withMetaCsp(consoleHtml, csp.console)),
    writeOut(outDir, pageCssPath, `${pageCss}\n`),
    writeOut(outDir, formScripts.workerPath.slice(1), formScripts.workerJs),
    writeOut(outDir, formScripts.mnStrings.path.slice(1), formScripts.mnStrings.text),
    writeOut(outDir, formScripts.mnCss.path.slice(1), formScripts.mnCss.text),
    writeOut(outDir, formScripts.bigCss.path.slice(1), formScripts.bigCss.text),
    mkdir(join(outDir, 'assets'), { recursive: true }).then(() =>
      writeFile(join(outDir, formScripts.mnFont.path.slice(1)), formScripts.mnFont.bytes),
    ),
    writeOut(outDir, consoleJsPath, `${consoleJs}\n`),
    writeOut(outDir, consoleCssPath, `${consoleStyles}\n`),
  ]);

  // The citizen tracking page: same-origin hashed script, the shared stylesheet.
  await buildTrackPage(outDir, pageCssPath, formScripts.mnFont.path);
  // The window display: same-origin hashed script and stylesheet, its policy beside the others.
  const display = await buildDisplayPage(outDir);

  await writeFile(join(outDir, 'csp.json'), `${JSON.stringify({ ...csp, display: display.csp }, null, 2)}\n`);

  const bytes = Buffer.from(form, 'utf8');
  return {
    outDir,
    formBytes: bytes.length,
    formGzipBytes: gzipSync(bytes, { level: 9 }).length,
    formWorker: { path: formScripts.workerPath.slice(1), gzipBytes: gzipSize(formScripts.workerJs) },
    formMongolian: {
      strings: { path: formScripts.mnStrings.path.slice(1), gzipBytes: gzipSize(formScripts.mnStrings.text) },
      css: { path: formScripts.mnCss.path.slice(1), gzipBytes: gzipSize(formScripts.mnCss.text) },
      // WOFF2 is already compressed; served as is.
      font: { path: formScripts.mnFont.path.slice(1), bytes: formScripts.mnFont.bytes.length },
    },
    console: {
      files: ['console/index.html', consoleJsPath.slice(1), consoleCssPath.slice(1)],
      gzipBytes: gzipSize(consoleHtml) + gzipSize(`${consoleJs}\n`) + gzipSize(`${consoleStyles}\n`),
    },
    csp,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = await buildWeb();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(
    `web built into ${report.outDir}: form page ${kb(report.formBytes)} raw, ${kb(report.formGzipBytes)} gzipped, with the ALTCHA worker ${kb(report.formGzipBytes + report.formWorker.gzipBytes)} (budget 14 KB); in Mongolian ${kb(report.formGzipBytes + report.formMongolian.strings.gzipBytes + report.formMongolian.css.gzipBytes + report.formMongolian.font.bytes)} (strings and stylesheet ${kb(report.formMongolian.strings.gzipBytes + report.formMongolian.css.gzipBytes)} gzipped, font subset ${kb(report.formMongolian.font.bytes)} WOFF2); console first load ${kb(report.console.gzipBytes)} gzipped (budget 150 KB)`,
  );
}
