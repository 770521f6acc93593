/**
 * Staff authentication for the console: an OIDC JWT (Cognito in AWS global regions, the
 * province's own issuer elsewhere, a local key with `npm start`), checked again here even
 * behind API Gateway's JWT authorizer. Role and scope come from the token only.
 */
import type { MiddlewareHandler } from 'hono';
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose';
import * as v from 'valibot';
import { type Principal, ROLES, UnauthorizedError } from '../../domain/access';
import type { OrgNode } from '../../domain/org';
import { BoundedCache } from '../../services/bounded-cache';

export type VerifyToken = (token: string) => Promise<JWTPayload>;

export interface JwtVerifierOptions {
  issuer: string;
  audience?: string;
  /** Remote JWKS (default `${issuer}/.well-known/jwks.json`), or a local key set. */
  jwksUrl?: string;
  keys?: JSONWebKeySet;
}

/** The longest console session a token may grant: a token living longer is refused. */
export const MAX_SESSION_SECONDS = 12 * 60 * 60;
const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * A token must carry `exp`, and its lifetime (`exp − iat`, or `exp − now` without `iat`) may not
 * exceed {@link MAX_SESSION_SECONDS}: an issuer misconfigured for long sessions, or a token
 * minted without expiry, does not open the console.
 */
export function sessionLifetimeAcceptable(payload: JWTPayload, nowSeconds: number): boolean {
  if (typeof payload.exp !== 'number') return false;
  const start = typeof payload.iat === 'number' ? Math.min(payload.iat, nowSeconds) : nowSeconds;
  return payload.exp - start <= MAX_SESSION_SECONDS + CLOCK_TOLERANCE_SECONDS;
}

/** Verifies signature, issuer, audience, expiry and the session cap (jose). */
export function jwtVerifier(opts: JwtVerifierOptions): VerifyToken {
  const keySet = opts.keys
    ? createLocalJWKSet(opts.keys)
    : createRemoteJWKSet(new URL(opts.jwksUrl ?? `${opts.issuer.replace(/\/$/, '')}/.well-known/jwks.json`));
  return async (token) => {
    const { payload } = await jwtVerify(token, keySet, {
      issuer: opts.issuer,
      audience: opts.audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp'],
    });
    if (!sessionLifetimeAcceptable(payload, Math.floor(Date.now() / 1000))) {
      throw new UnauthorizedError();
    }
    return payload;
  };
}

/** Role and scope claims: `kmpj_role`/`kmpj_scope`, or Cognito custom attributes `custom:role`/`custom:scope`. */
const ClaimsSchema = v.object({
  sub: v.pipe(v.string(), v.minLength(1)),
  name: v.optional(v.string()),
  role: v.picklist(ROLES),
  scope: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/)),
});

export function principalClaims(payload: JWTPayload) {
  const p = payload as Record<string, unknown>;
  const parsed = v.safeParse(ClaimsSchema, {
    sub: p.sub,
    name: p.name ?? p['cognito:username'],
    role: p.kmpj_role ?? p['custom:role'],
    scope: p.kmpj_scope ?? p['custom:scope'],
  });
  if (!parsed.success) throw new UnauthorizedError();
  return parsed.output;
}

export interface AuthDeps {
  verify: VerifyToken;
  getNodes(ids: readonly string[]): Promise<Map<string, OrgNode>>;
}

export type ConsoleEnv = { Variables: { principal: Principal } };

/** Requires a valid bearer token and puts the principal on the context. */
export function authenticate(deps: AuthDeps): MiddlewareHandler<ConsoleEnv> {
  // Scope paths change only when a node moves; a short cache saves a read per request.
  const paths = new BoundedCache<string, string>({ max: 5_000, ttlMs: 30_000 });
  const scopePath = async (id: string) => {
    const hit = paths.get(id);
    if (hit) return hit;
    const node = (await deps.getNodes([id])).get(id);
    // A scope outside the tree (e.g. a survey agency) reaches no node of it.
    const path = node?.active ? node.path : `~${id}`;
    paths.set(id, path);
    return path;
  };
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+([A-Za-z0-9._-]+)$/.exec(header);
    if (!match) throw new UnauthorizedError();
    let payload: JWTPayload;
    try {
      payload = await deps.verify(match[1]!);
    } catch {
      throw new UnauthorizedError();
    }
    const claims = principalClaims(payload);
    c.set('principal', {
      userId: claims.sub,
      name: claims.name ?? claims.sub,
      role: claims.role,
      scopeId: claims.scope,
      scopePath: await scopePath(claims.scope),
    });
    await next();
  };
}
