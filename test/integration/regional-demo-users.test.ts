/**
 * The Inner Mongolia demo staff of the local sign-in: each sees the Ordos subtree it is scoped
 * to, and nothing of Hebei (nor Hebei's staff anything of Ordos).
 */
import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOnError } from '../../functions/http/on-error';
import { createDevAuth, devAuthRoutes } from '../../local/dev-auth';
import { regionalDemoUsers } from '../../local/seed/demo-users';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { silentLogger } from '../fixtures/public-stack';

const V1 = '/api/console/v1';
let stack: ConsoleStack;

beforeAll(async () => {
  stack = await createConsoleStack();
});

describe('Inner Mongolia demo staff', () => {
  it('are offered by the local sign-in', async () => {
    const app = new Hono()
      .route('/api/dev', devAuthRoutes(await createDevAuth(null)))
      .onError(createOnError(silentLogger()));
    const res = await app.request('http://127.0.0.1/api/dev/users', { headers: { host: '127.0.0.1:3000' } });
    const { users } = (await res.json()) as { users: { id: string; scope: string }[] };
    for (const u of regionalDemoUsers) expect(users).toContainEqual(expect.objectContaining({ id: u.id }));
    const signIn = await app.request('http://127.0.0.1/api/dev/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json', host: '127.0.0.1:3000' },
      body: JSON.stringify({ userId: 'ordos-county-admin' }),
    });
    expect(signIn.status).toBe(200);
  });

  it('read their own Ordos nodes and dashboard, and nothing of Hebei', async () => {
    const county = stack.as('ordos-county-admin');
    const own = await county.get(`${V1}/org/nodes/150602001`);
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(JSON.stringify(own.body)).toContain('城区派出所');
    const dash = await county.get(`${V1}/dashboard?nodeId=150602&from=2026-12-01&to=2026-12-03`);
    expect(dash.status, JSON.stringify(dash.body)).toBe(200);
    expect([403, 404]).toContain((await county.get(`${V1}/org/nodes/130628001`)).status);
    expect([403, 404]).toContain(
      (await county.get(`${V1}/dashboard?nodeId=130628&from=2026-12-01&to=2026-12-03`)).status,
    );
    expect([403, 404]).toContain((await stack.as('county-admin').get(`${V1}/org/nodes/150602001`)).status);
  });

  it('give the region its own province admin, who keeps its settings and not Hebei’s', async () => {
    const admin = stack.as('nmg-province-admin');
    expect((await admin.get(`${V1}/provinces/150000/settings`)).status).toBe(200);
    expect([403, 404]).toContain((await admin.get(`${V1}/provinces/130000/settings`)).status);
    expect([403, 404]).toContain(
      (await stack.as('province-admin').get(`${V1}/provinces/150000/settings`)).status,
    );
    expect((await stack.as('ordos-unit-staff').get(`${V1}/org/nodes/150602001-01`)).status).toBe(200);
    const body = {
      scoreMapping: [0, 30, 60, 80, 100],
      figures: { unitCutoffWorkingDays: 1 },
      expectedVersion: 0,
    };
    expect((await stack.as('ordos-unit-staff').put(`${V1}/provinces/150000/settings`, body)).status).toBe(
      403,
    );
    expect((await stack.as('province-admin').put(`${V1}/provinces/150000/settings`, body)).status).toBe(404);
    const saved = await admin.put(`${V1}/provinces/150000/settings`, body);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  });
});
