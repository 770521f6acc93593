/**
 * The browser side of OIDC sign-in: redirect to the issuer with a fresh PKCE verifier, state and
 * nonce (kept in sessionStorage for the round trip), and on return check the state, trade the code
 * for tokens and check the nonce. The ID token is the bearer token the console API verifies, because
 * it carries the role and scope claims (Cognito puts custom attributes only there).
 *
 * Primary course:
 * 1. beginSignIn: discovery → verifier + challenge, state, nonce → redirect to authorization_endpoint.
 * 2. The issuer authenticates the staff member and redirects back with `?code&state`.
 * 3. completeSignIn: state must match → POST code + verifier to token_endpoint → nonce must match.
 */
import {
  authorizeUrl,
  codeChallenge,
  discoveryUrl,
  jwtClaims,
  type OidcConfig,
  type OidcEndpoints,
  parseDiscovery,
  randomString,
  tokenRequestBody,
} from './pkce';

const PENDING_KEY = 'kmpj.console.oidc';

interface Pending {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

async function endpoints(config: OidcConfig, fetchFn: typeof fetch): Promise<OidcEndpoints> {
  const res = await fetchFn(discoveryUrl(config.issuer), { credentials: 'omit' });
  if (!res.ok) throw new Error(`discovery failed: ${res.status}`);
  return parseDiscovery(await res.json(), config.issuer);
}

/** Steps 1–2: stores the PKCE secrets and sends the browser to the issuer. */
export async function beginSignIn(
  config: OidcConfig,
  storage: Storage,
  returnTo: string,
  fetchFn: typeof fetch = fetch,
): Promise<void> {
  const ep = await endpoints(config, fetchFn);
  const pending: Pending = {
    verifier: randomString(48),
    state: randomString(),
    nonce: randomString(),
    returnTo,
  };
  storage.setItem(PENDING_KEY, JSON.stringify(pending));
  location.assign(
    authorizeUrl(ep.authorizationEndpoint, {
      clientId: config.clientId,
      redirectUri: config.redirectUri,
      scope: config.scope,
      state: pending.state,
      nonce: pending.nonce,
      challenge: await codeChallenge(pending.verifier),
    }),
  );
}

/** Step 3: returns the ID token and where to go next, or throws when anything does not match. */
export async function completeSignIn(
  config: OidcConfig,
  storage: Storage,
  code: string,
  state: string,
  fetchFn: typeof fetch = fetch,
): Promise<{ token: string; returnTo: string }> {
  const raw = storage.getItem(PENDING_KEY);
  storage.removeItem(PENDING_KEY);
  const pending = raw ? (JSON.parse(raw) as Pending) : null;
  if (!pending || pending.state !== state) throw new Error('state mismatch');
  const ep = await endpoints(config, fetchFn);
  const res = await fetchFn(ep.tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: tokenRequestBody({
      code,
      verifier: pending.verifier,
      clientId: config.clientId,
      redirectUri: config.redirectUri,
    }),
    credentials: 'omit',
  });
  if (!res.ok) throw new Error(`token request failed: ${res.status}`);
  const tokens = (await res.json()) as { id_token?: string };
  const token = tokens.id_token ?? '';
  if (jwtClaims(token)?.nonce !== pending.nonce) throw new Error('nonce mismatch');
  return { token, returnTo: pending.returnTo };
}
