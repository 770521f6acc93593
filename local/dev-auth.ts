/**
 * Local development sign-in: tokens for the demo users, signed with a key generated once and
 * kept in the data folder. The console app verifies them exactly as it verifies a real issuer's.
 * Mounted by the local server only; no Lambda ever serves it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK, SignJWT } from 'jose';
import { ForbiddenError } from '../functions/domain/access';
import { NotFoundError } from '../functions/domain/errors';
import { jwtVerifier, type VerifyToken } from '../functions/http/console/auth';
import { type DemoUser, signInUsers } from './seed/demo-users';

export const DEV_ISSUER = 'https://dev-idp.kmpj.local';
export const DEV_AUDIENCE = 'kmpj-console';

export interface DevAuth {
  verify: VerifyToken;
  keys: JSONWebKeySet;
  sign(user: DemoUser, opts?: { expiresIn?: string; issuedAt?: Date }): Promise<string>;
}

/** Loads `<dataDir>/dev-jwt-key.json` or creates it; in-memory mode gets a fresh key. */
export async function createDevAuth(dataDir: string | null): Promise<DevAuth> {
  const file = dataDir === null ? null : join(dataDir, 'dev-jwt-key.json');
  let privateJwk: JWK;
  if (file && existsSync(file)) {
    privateJwk = JSON.parse(readFileSync(file, 'utf8'));
  } else {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), kid: `dev-${Date.now()}`, alg: 'ES256' };
    if (file) {
      mkdirSync(dataDir!, { recursive: true });
      writeFileSync(file, JSON.stringify(privateJwk), { mode: 0o600 });
    }
  }
  const { d: _d, ...publicJwk } = privateJwk;
  const keys: JSONWebKeySet = { keys: [publicJwk] };
  const signingKey = await importJWK(privateJwk, 'ES256');
  return {
    keys,
    verify: jwtVerifier({ issuer: DEV_ISSUER, audience: DEV_AUDIENCE, keys }),
    sign: (user, opts = {}) =>
      new SignJWT({ name: user.name, kmpj_role: user.role, kmpj_scope: user.scope })
        .setProtectedHeader({ alg: 'ES256', kid: publicJwk.kid })
        .setSubject(user.id)
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setIssuedAt(opts.issuedAt ?? new Date())
        .setExpirationTime(opts.expiresIn ?? '8h')
        .sign(signingKey),
  };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * True when a `Host` header names this machine's loopback interface (any port). The dev sign-in
 * hands out tokens to anyone who asks, so a page on another origin whose name was rebound to
 * 127.0.0.1 (DNS rebinding) must not reach it: such a request carries the foreign name.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::\d{1,5})?$/.exec(host.trim().toLowerCase());
  return match !== null && LOOPBACK_HOSTS.has(match[1]!);
}

/** `GET /api/dev/users` and `POST /api/dev/sign-in { userId }` for the local console, on loopback Hosts only. */
export const devAuthRoutes = (auth: DevAuth) =>
  new Hono()
    .use(async (c, next) => {
      if (!isLoopbackHost(c.req.header('host'))) throw new ForbiddenError();
      await next();
    })
    .get('/users', (c) => c.json({ users: signInUsers }))
    .post('/sign-in', async (c) => {
      const body = (await c.req.json().catch(() => ({}))) as { userId?: unknown };
      const user = signInUsers.find((u) => u.id === body.userId);
      if (!user) throw new NotFoundError('演示用户', 'Demo user');
      return c.json({ token: await auth.sign(user), user });
    })
    .get('/jwks.json', (c) => c.json(auth.keys));
