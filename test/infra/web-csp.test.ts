import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../infra/stacks/web-stack';

describe('CloudFront content security policy', () => {
  it("allows the citizen form's inlined script by its hash and nothing else inline", () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmpj-csp-'));
    writeFileSync(
      join(dir, 'csp.json'),
      JSON.stringify({
        form: { 'script-src': ["'sha256-abc='"], 'style-src': ["'sha256-def='"] },
        console: { 'script-src': ["'self'"] },
      }),
    );
    const csp = contentSecurityPolicy(dir);
    expect(csp).toContain("script-src 'self' 'sha256-abc='");
    expect(csp).not.toContain("'unsafe-inline' 'sha256");
    expect(csp).not.toContain('sha256-def');
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('lets the citizen form start its ALTCHA worker from its own origin, and from nowhere else', () => {
    const csp = contentSecurityPolicy(mkdtempSync(join(tmpdir(), 'kmpj-csp-')));
    const directive = (name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));
    // Browsers without worker-src fall back to child-src, then script-src, then default-src.
    for (const name of ['worker-src', 'script-src']) {
      expect(directive(name)?.split(' ')).toContain("'self'");
      expect(directive(name)).not.toMatch(/blob:|data:|\*/);
    }
    expect(directive('child-src')).toBeUndefined();
  });

  it('falls back to same-origin scripts when the web build wrote no hashes', () => {
    expect(contentSecurityPolicy(mkdtempSync(join(tmpdir(), 'kmpj-csp-')))).toContain("script-src 'self';");
  });
});
