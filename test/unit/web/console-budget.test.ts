import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, cspHeader, type WebBuildReport } from '../../../scripts/build-web';

const BUDGET = 150 * 1024;

describe('staff console build', () => {
  let out: string;
  let report: WebBuildReport;
  let html: string;

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'kmpj-console-'));
    report = await buildWeb(out);
    html = await readFile(join(out, 'console/index.html'), 'utf8');
  }, 60_000);
  afterAll(() => rm(out, { recursive: true, force: true }));

  /** What the page loads on first visit: itself, its scripts and its stylesheets (not the noscript ones). */
  function firstLoad(): string[] {
    const live = html.replace(/<noscript>[\s\S]*?<\/noscript>/g, '');
    const refs = [...live.matchAll(/<(?:script[^>]+src|link rel="stylesheet" href)="([^"]+)"/g)].map(
      (m) => m[1]!,
    );
    return ['console/index.html', ...refs.map((r) => r.replace(/^\//, ''))];
  }

  it('stays within 150 KB gzipped for everything the console loads first', async () => {
    const files = firstLoad();
    expect(files.length).toBe(3);
    let total = 0;
    for (const f of files) total += gzipSync(await readFile(join(out, f)), { level: 9 }).length;
    expect(total).toBeLessThanOrEqual(BUDGET);
    expect(report.console.gzipBytes).toBeLessThanOrEqual(BUDGET);
  });

  it('loads only same-origin, content-hashed files: no inline script or style', () => {
    expect(html).not.toMatch(/<script>|<style|\sstyle="|\son[a-z]+="/i);
    for (const f of firstLoad().slice(1)) expect(f).toMatch(/^assets\/console-[0-9a-f]{10}\.(js|css)$/);
  });

  it('publishes a console CSP of its own files only, with no unsafe source', async () => {
    const csp = JSON.parse(await readFile(join(out, 'csp.json'), 'utf8')) as WebBuildReport['csp'];
    expect(csp.console['script-src']).toEqual(["'self'"]);
    expect(csp.console['style-src']).toEqual(["'self'"]);
    expect(cspHeader(csp.console)).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('contains no eval or innerHTML in the console script', async () => {
    const js = await readFile(join(out, firstLoad().find((f) => f.endsWith('.js'))!), 'utf8');
    expect(js).not.toMatch(/\beval\(|new Function\(|\.innerHTML\s*=|insertAdjacentHTML/);
  });

  it('scopes the citizen form styles to the editor preview', async () => {
    const css = await readFile(join(out, firstLoad().find((f) => f.endsWith('.css'))!), 'utf8');
    expect(css).toContain('.fp .q{');
    expect(css).not.toMatch(/(^|})\.q\{/);
  });
});
