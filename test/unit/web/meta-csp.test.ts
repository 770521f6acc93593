import { describe, expect, it } from 'vitest';
import { withMetaCsp } from '../../../scripts/build-web';

describe('CSP in a <meta> tag', () => {
  it('puts the policy first in <head>, without frame-ancestors (ignored in meta)', () => {
    const html = withMetaCsp('<!doctype html><html><head><title>x</title></head></html>', {
      'default-src': ["'none'"],
      'script-src': ["'sha256-abc='"],
      'frame-ancestors': ["'none'"],
    });
    expect(html).toContain(
      `<head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-abc='">`,
    );
    expect(html).not.toContain('frame-ancestors');
  });

  it('refuses a page without a head', () => {
    expect(() => withMetaCsp('<p>x</p>', {})).toThrow(/head/);
  });
});
