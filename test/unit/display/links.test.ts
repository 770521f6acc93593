import { describe, expect, it } from 'vitest';
import { absoluteUrl, formApiPath, secretFromHash } from '../../../web/display/links';

const SECRET = 'ds_abcdefghijklmnopqrstuvwxyzABCDEF';

describe('display links', () => {
  it('reads the secret from the fragment', () => {
    expect(secretFromHash(`#secret=${SECRET}`)).toBe(SECRET);
  });

  it('rejects a missing or malformed secret', () => {
    expect(secretFromHash('')).toBeUndefined();
    expect(secretFromHash('#secret=')).toBeUndefined();
    expect(secretFromHash('#secret=ik_abcdefghijklmnopqrstuvwxyz')).toBeUndefined();
    expect(secretFromHash('#secret=ds_<script>')).toBeUndefined();
  });

  it('completes a path-only code URL with the page origin, so a phone can open it', () => {
    expect(absoluteUrl('/f/?t=abc&b=R1', 'http://127.0.0.1:3000/d/#secret=x')).toBe(
      'http://127.0.0.1:3000/f/?t=abc&b=R1',
    );
    expect(absoluteUrl('https://pj.example.gov.cn/f/?t=abc', 'http://127.0.0.1:3000/d/')).toBe(
      'https://pj.example.gov.cn/f/?t=abc',
    );
  });

  it('derives the form API path from a code URL, ballot included', () => {
    const url = 'https://pj.example.gov.cn/f/?t=AbCdEfGhIjKlMnOpQrStUvWxYz01&b=RAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    expect(formApiPath(url, 'https://pj.example.gov.cn/d/')).toBe(
      '/api/v1/forms/AbCdEfGhIjKlMnOpQrStUvWxYz01?b=RAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    );
    expect(
      formApiPath('https://pj.example.gov.cn/f/?t=../../x', 'https://pj.example.gov.cn/d/'),
    ).toBeUndefined();
  });
});
