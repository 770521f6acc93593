import { describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  base64url,
  codeChallenge,
  discoveryUrl,
  isValidVerifier,
  jwtClaims,
  parseCallback,
  parseDiscovery,
  randomString,
  tokenRequestBody,
} from '../../../web/console/pkce';

describe('PKCE', () => {
  it('derives the S256 challenge of RFC 7636 appendix B', async () => {
    await expect(codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).resolves.toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes random verifiers that RFC 7636 accepts and that differ each time', () => {
    const a = randomString(48);
    const b = randomString(48);
    expect(isValidVerifier(a)).toBe(true);
    expect(a).not.toBe(b);
    expect(isValidVerifier('too-short')).toBe(false);
  });

  it('encodes base64url without padding or unsafe characters', () => {
    expect(base64url(new Uint8Array([0xfb, 0xff, 0xfe]))).toBe('-__-');
    expect(base64url(new Uint8Array([1]))).toBe('AQ');
  });

  it('builds the authorization request with the code challenge and S256', () => {
    const url = new URL(
      authorizeUrl('https://idp.example.cn/oauth2/authorize?tenant=he', {
        clientId: 'console',
        redirectUri: 'https://kmpj.example.cn/console/',
        state: 's1',
        nonce: 'n1',
        challenge: 'c1',
      }),
    );
    expect(url.origin + url.pathname).toBe('https://idp.example.cn/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: 'he',
      response_type: 'code',
      client_id: 'console',
      redirect_uri: 'https://kmpj.example.cn/console/',
      scope: 'openid profile',
      state: 's1',
      nonce: 'n1',
      code_challenge: 'c1',
      code_challenge_method: 'S256',
    });
  });

  it('trades the code with the verifier, never a client secret', () => {
    const body = tokenRequestBody({
      code: 'abc',
      verifier: 'v',
      clientId: 'console',
      redirectUri: 'https://x/console/',
    });
    expect(Object.fromEntries(body)).toEqual({
      grant_type: 'authorization_code',
      code: 'abc',
      code_verifier: 'v',
      client_id: 'console',
      redirect_uri: 'https://x/console/',
    });
  });

  it('reads the endpoints from discovery and refuses another issuer', () => {
    const doc = {
      issuer: 'https://idp.example.cn/',
      authorization_endpoint: 'https://idp.example.cn/authorize',
      token_endpoint: 'https://idp.example.cn/token',
    };
    expect(discoveryUrl('https://idp.example.cn/')).toBe(
      'https://idp.example.cn/.well-known/openid-configuration',
    );
    expect(parseDiscovery(doc, 'https://idp.example.cn')).toMatchObject({
      authorizationEndpoint: 'https://idp.example.cn/authorize',
      tokenEndpoint: 'https://idp.example.cn/token',
    });
    expect(() =>
      parseDiscovery({ ...doc, issuer: 'https://evil.example' }, 'https://idp.example.cn'),
    ).toThrow();
  });

  it('reads the redirect: a code with its state, an error, or nothing', () => {
    expect(parseCallback('?code=c&state=s')).toEqual({ kind: 'code', code: 'c', state: 's' });
    expect(parseCallback('?error=access_denied&error_description=no')).toEqual({
      kind: 'error',
      error: 'access_denied',
      description: 'no',
    });
    expect(parseCallback('?code=c')).toEqual({ kind: 'none' });
  });

  it('reads JWT claims including UTF-8 names, and nothing from garbage', () => {
    const payload = Buffer.from(JSON.stringify({ name: '赵磊', exp: 1 })).toString('base64url');
    expect(jwtClaims(`h.${payload}.s`)).toEqual({ name: '赵磊', exp: 1 });
    expect(jwtClaims('not-a-jwt')).toBeNull();
  });
});
