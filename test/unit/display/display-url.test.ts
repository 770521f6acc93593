import { describe, expect, it } from 'vitest';
import { displayPageUrl } from '../../../functions/services/integrity/manage-displays';

describe('display page URL', () => {
  it('carries the secret in the fragment, which browsers never send to the server', () => {
    const url = new URL(displayPageUrl({ publicBaseUrl: () => 'https://pj.example.gov.cn/' }, 'ds_abc'));
    expect(url.pathname).toBe('/d/');
    expect(url.search).toBe('');
    expect(url.hash).toBe('#secret=ds_abc');
  });

  it('names index.html where the CDN cannot rewrite directory URLs (China target)', () => {
    const url = displayPageUrl(
      { publicBaseUrl: () => 'https://pj.example.gov.cn', formPath: '/f/index.html' },
      'ds_abc',
    );
    expect(url).toBe('https://pj.example.gov.cn/d/index.html#secret=ds_abc');
  });
});
