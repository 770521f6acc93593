/**
 * Console sessions: a token must carry `exp` and live at most 12 hours; the local dev sign-in
 * answers only requests whose Host names the loopback interface.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { importJWK, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { sessionLifetimeAcceptable } from '../../functions/http/console/auth';
import { createOnError } from '../../functions/http/on-error';
import { createDevAuth, DEV_AUDIENCE, DEV_ISSUER, devAuthRoutes, isLoopbackHost } from '../../local/dev-auth';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { silentLogger } from '../fixtures/public-stack';

let stack: ConsoleStack;
beforeAll(async () => {
  stack = await createConsoleStack();
});

describe('console session lifetime', () => {
  it('accepts a token that lives 8 hours', async () => {
    const res = await stack.as('unit-staff').get('/api/console/v1/me');
    expect(res.status).toBe(200);
  });

  it('refuses a correctly signed token that lives longer than 12 hours', async () => {
    const token = await stack.token('unit-staff', { expiresIn: '24h' });
    const res = await stack
      .console()
      .request('/api/console/v1/me', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
  });

  it('refuses a correctly signed token without exp, and accepts the same claims with exp', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmpj-auth-'));
    const auth = await createDevAuth(dir);
    const jwk = JSON.parse(readFileSync(join(dir, 'dev-jwt-key.json'), 'utf8')) as JWK;
    const key = await importJWK(jwk, 'ES256');
    const build = () =>
      new SignJWT({ kmpj_role: 'unit_staff', kmpj_scope: '130628001' })
        .setProtectedHeader({ alg: 'ES256', kid: jwk.kid })
        .setSubject('someone')
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setIssuedAt();
    await expect(auth.verify(await build().sign(key))).rejects.toThrow();
    await expect(auth.verify(await build().setExpirationTime('2h').sign(key))).resolves.toMatchObject({
      sub: 'someone',
    });
  });

  it('judges the lifetime from iat, or from now when there is none', () => {
    const now = 1_800_000_000;
    expect(sessionLifetimeAcceptable({ iat: now, exp: now + 12 * 3600 }, now)).toBe(true);
    expect(sessionLifetimeAcceptable({ iat: now, exp: now + 13 * 3600 }, now)).toBe(false);
    expect(sessionLifetimeAcceptable({ exp: now + 13 * 3600 }, now)).toBe(false);
    expect(sessionLifetimeAcceptable({ exp: now + 3600 }, now)).toBe(true);
    expect(sessionLifetimeAcceptable({ iat: now }, now)).toBe(false);
  });
});

describe('local dev sign-in', () => {
  const app = async () => {
    const auth = await createDevAuth(null);
    return new Hono().route('/api/dev', devAuthRoutes(auth)).onError(createOnError(silentLogger()));
  };
  const signIn = async (host?: string) =>
    (await app()).request('http://127.0.0.1/api/dev/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(host ? { host } : {}) },
      body: JSON.stringify({ userId: 'unit-staff' }),
    });

  it.each(['127.0.0.1:3000', 'localhost:3000', '[::1]:3000', 'LOCALHOST'])(
    'signs in through Host %s',
    async (host) => {
      const res = await signIn(host);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { token: string }).token).toMatch(/^ey/);
    },
  );

  it.each([
    'attacker.example:3000',
    '127.0.0.1.attacker.example',
    'localhost.attacker.example',
    '10.0.0.5:3000',
  ])('refuses Host %s (DNS rebinding)', async (host) => {
    const res = await signIn(host);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('token');
  });

  it('refuses a request without Host', () => {
    expect(isLoopbackHost(undefined)).toBe(false);
    expect(isLoopbackHost('')).toBe(false);
  });
});
