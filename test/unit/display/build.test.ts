import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../infra/stacks/web-stack';
import { webCsp } from '../../../local/web-csp';
import { buildDisplayPage, DISPLAY_CSP } from '../../../web/display/build';

/** The sources a policy header allows for one directive (falling back to default-src). */
function allowed(policy: string, directive: string): string[] {
  const parts = new Map(
    policy
      .split(';')
      .map((p) => p.trim().split(/\s+/) as [string, ...string[]])
      .map(([n, ...v]) => [n, v]),
  );
  return parts.get(directive) ?? parts.get('default-src') ?? [];
}

describe('window display build', () => {
  let out: string;
  let html: string;
  let files: string[];

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'kmpj-display-'));
    ({ files } = await buildDisplayPage(out));
    html = await readFile(join(out, 'd/index.html'), 'utf8');
    await writeFile(join(out, 'csp.json'), JSON.stringify({ display: DISPLAY_CSP }));
  }, 60_000);
  afterAll(() => rm(out, { recursive: true, force: true }));

  it('puts nothing inline: one same-origin script and one stylesheet, both written', () => {
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    const refs = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(refs).toHaveLength(2);
    for (const ref of refs) expect(existsSync(join(out, ref))).toBe(true);
    expect([...files].sort()).toEqual(['d/index.html', ...refs.map((r) => r.slice(1))].sort());
  });

  it('carries its own policy as a meta tag, for hosting that sends no CSP header', () => {
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'`,
    );
  });

  it("runs under CloudFront's policy and the local server's as they are", () => {
    for (const policy of [contentSecurityPolicy(out), webCsp(out)('/d/')]) {
      expect(allowed(policy, 'script-src')).toContain("'self'");
      expect(allowed(policy, 'style-src')).toContain("'self'");
      expect(allowed(policy, 'connect-src')).toContain("'self'");
      expect(allowed(policy, 'img-src')).toContain('data:');
    }
  });
});
