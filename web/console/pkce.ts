/**
 * OIDC Authorization Code flow with PKCE (RFC 7636, S256) for the console in AWS, where staff sign
 * in at Cognito or a province's own issuer. Only pure helpers live here (they are unit-tested); the
 * redirects are done by oidc.ts. Uses Web Crypto only, which Node 20 also provides.
 */

/** `/console/config.json` in AWS; the local stack serves one without an issuer (then the dev sign-in is offered). */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  redirectUri: string;
  /** Defaults to `openid profile`. */
  scope?: string;
}

/** The endpoints read from the issuer's discovery document. */
export interface OidcEndpoints {
  authorizationEndpoint: string;
  tokenEndpoint: string;
  endSessionEndpoint?: string;
}

/** Base64url without padding (RFC 4648 §5), as PKCE and JWTs use it. */
export function base64url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A random URL-safe string of `bytes` random bytes (32 bytes → 43 chars, the PKCE minimum). */
export function randomString(bytes = 32, cryptoImpl: Crypto = globalThis.crypto): string {
  return base64url(cryptoImpl.getRandomValues(new Uint8Array(bytes)));
}

/** The S256 code challenge of a verifier: base64url(SHA-256(ASCII(verifier))). */
export async function codeChallenge(
  verifier: string,
  cryptoImpl: Crypto = globalThis.crypto,
): Promise<string> {
  const digest = await cryptoImpl.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** True for a verifier RFC 7636 accepts: 43–128 chars of `[A-Za-z0-9-._~]`. */
export const isValidVerifier = (v: string): boolean => /^[A-Za-z0-9\-._~]{43,128}$/.test(v);

/** The URL of the issuer's discovery document. */
export const discoveryUrl = (issuer: string): string =>
  `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;

/** Reads the endpoints from a discovery document, refusing one that names another issuer. */
export function parseDiscovery(doc: unknown, issuer: string): OidcEndpoints {
  const d = (doc ?? {}) as Record<string, unknown>;
  const norm = (s: string) => s.replace(/\/+$/, '');
  if (typeof d.issuer !== 'string' || norm(d.issuer) !== norm(issuer)) {
    throw new Error('discovery document is for another issuer');
  }
  if (typeof d.authorization_endpoint !== 'string' || typeof d.token_endpoint !== 'string') {
    throw new Error('discovery document lacks endpoints');
  }
  return {
    authorizationEndpoint: d.authorization_endpoint,
    tokenEndpoint: d.token_endpoint,
    endSessionEndpoint: typeof d.end_session_endpoint === 'string' ? d.end_session_endpoint : undefined,
  };
}

/** The authorization request URL (response_type=code, code_challenge_method=S256). */
export function authorizeUrl(
  endpoint: string,
  p: {
    clientId: string;
    redirectUri: string;
    scope?: string;
    state: string;
    nonce: string;
    challenge: string;
  },
): string {
  const url = new URL(endpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: p.clientId,
    redirect_uri: p.redirectUri,
    scope: p.scope ?? 'openid profile',
    state: p.state,
    nonce: p.nonce,
    code_challenge: p.challenge,
    code_challenge_method: 'S256',
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

/** The form body of the token request that trades the code (and the verifier) for tokens. */
export function tokenRequestBody(p: {
  code: string;
  verifier: string;
  clientId: string;
  redirectUri: string;
}): URLSearchParams {
  return new URLSearchParams({
    grant_type: 'authorization_code',
    code: p.code,
    code_verifier: p.verifier,
    client_id: p.clientId,
    redirect_uri: p.redirectUri,
  });
}

/** What came back on the redirect URI. */
export type CallbackResult =
  | { kind: 'none' }
  | { kind: 'code'; code: string; state: string }
  | { kind: 'error'; error: string; description: string };

/** Reads `?code&state` or `?error&error_description` from the redirect's query string. */
export function parseCallback(search: string): CallbackResult {
  const q = new URLSearchParams(search);
  const error = q.get('error');
  if (error) return { kind: 'error', error, description: q.get('error_description') ?? '' };
  const code = q.get('code');
  const state = q.get('state');
  if (code && state) return { kind: 'code', code, state };
  return { kind: 'none' };
}

/** The claims part of a JWT, unverified (the API verifies; the console only reads `nonce` and `exp`). */
export function jwtClaims(token: string): Record<string, unknown> | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}
