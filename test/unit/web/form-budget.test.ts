import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, cspHeader, type WebBuildReport } from '../../../scripts/build-web';

const BUDGET = 14 * 1024;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('citizen form build', () => {
  let out: string;
  let report: WebBuildReport;

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'kmpj-web-'));
    report = await buildWeb(out);
  }, 30_000);
  afterAll(() => rm(out, { recursive: true, force: true }));

  /** Gzipped bytes of everything under f/, plus any extra files the page fetches. */
  async function pageWeight(extra: string[] = []): Promise<number> {
    const files = [...(await filesUnder(join(out, 'f'))), ...extra.map((f) => join(out, f))];
    expect(files.length).toBeGreaterThan(0);
    let total = 0;
    for (const f of files) total += gzipSync(await readFile(f), { level: 9 }).length;
    return total;
  }

  it('stays within 14 KB gzipped for everything the form page loads', async () => {
    expect(await pageWeight()).toBeLessThanOrEqual(BUDGET);
  });

  it('stays within 14 KB gzipped with the ALTCHA worker a proof-of-work questionnaire loads', async () => {
    const page = await pageWeight();
    const withWorker = await pageWeight([report.formWorker.path]);
    expect(withWorker).toBeGreaterThan(page);
    expect(withWorker).toBeLessThanOrEqual(BUDGET);
  });

  it('keeps the Mongolian strings, layout and font out of the page, and reports that form apart', async () => {
    const html = await readFile(join(out, 'f/index.html'), 'utf8');
    // Only the switch's own label (ᠮᠣᠩᠭᠣᠯ) is Mongolian on the Chinese page.
    expect(html.match(/[\u1820-\u1842]+/gu)).toEqual(['ᠮᠣᠩᠭᠣᠯ']);
    const { strings, css, font } = report.formMongolian;
    for (const f of [strings.path, css.path, font.path])
      expect(f).toMatch(/^assets\/(form-mn|mong)-[0-9a-f]{10}\.(json|css|woff2)$/);
    // The page names the strings and the layout; the layout's @font-face names the font.
    expect(html).toContain(`/${strings.path}`);
    expect(html).toContain(`/${css.path}`);
    expect(html).not.toContain(font.path);
    expect(JSON.parse(await readFile(join(out, strings.path), 'utf8')).submit).toMatch(/[\u1820-\u1842]/u);
    const layout = await readFile(join(out, css.path), 'utf8');
    expect(layout).toContain('writing-mode:vertical-lr');
    expect(layout).toContain(`src:url(/${font.path}) format("woff2")`);
    // WOFF2 magic number, and a subset far smaller than the package's whole Mongolian font.
    const woff2 = await readFile(join(out, font.path));
    expect(woff2.subarray(0, 4).toString('latin1')).toBe('wOF2');
    expect(font.bytes).toBeLessThan(40 * 1024);
    expect(report.csp.form['font-src']).toEqual(["'self'"]);
    const mongolianForm = (await pageWeight()) + strings.gzipBytes + css.gzipBytes + font.bytes;
    // Reported, not judged against the Chinese budget: the font alone is larger.
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log(
      `form weight: Chinese ${kb(await pageWeight())} gzipped, with the ALTCHA worker ${kb(await pageWeight([report.formWorker.path]))}; in Mongolian ${kb(mongolianForm)} (font subset ${kb(font.bytes)})`,
    );
  });

  it('keeps the ALTCHA worker out of the page: a same-origin file the page names, allowed as a worker', async () => {
    const html = await readFile(join(out, 'f/index.html'), 'utf8');
    expect(report.formWorker.path).toMatch(/^assets\/altcha-[0-9a-f]{10}\.js$/);
    expect(html).toContain(`"/${report.formWorker.path}"`);
    expect(await readFile(join(out, report.formWorker.path), 'utf8')).toContain('onmessage');
    expect(report.csp.form['worker-src']).toEqual(["'self'"]);
    expect(cspHeader(report.csp.form)).not.toMatch(/blob:|unsafe/);
  });

  it('publishes CSP hashes that match the inlined script and style exactly', async () => {
    const html = await readFile(join(out, 'f/index.html'), 'utf8');
    const csp = JSON.parse(await readFile(join(out, 'csp.json'), 'utf8')) as WebBuildReport['csp'];
    const { createHash } = await import('node:crypto');
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    expect(csp.form['script-src']).toEqual([hash(script)]);
    // The inlined stylesheet by hash, and same-origin files (the Mongolian layout's, fetched for that language only).
    expect(csp.form['style-src']).toEqual([hash(style), "'self'"]);
    expect(cspHeader(csp.form)).not.toContain('unsafe-inline');
    expect(report.csp.form).toEqual(csp.form);
  });

  it('loads nothing from elsewhere: one file, no external script or stylesheet', async () => {
    const html = await readFile(join(out, 'f/index.html'), 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet/);
    expect(html).not.toMatch(/ style="/);
  });

  it('builds the landing and console pages with a same-origin stylesheet that exists', async () => {
    const landing = await readFile(join(out, 'index.html'), 'utf8');
    const console = await readFile(join(out, 'console/index.html'), 'utf8');
    expect(landing).toContain('href="/console/"');
    expect(console).toContain('工作人员控制台');
    const css = /<link rel="stylesheet" href="(\/assets\/page-[0-9a-f]+\.css)">/.exec(landing)?.[1];
    expect(css).toBeDefined();
    expect(console).toContain(css);
    expect(await readFile(join(out, css!), 'utf8')).toContain('body{');
  });
});
