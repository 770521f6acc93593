import { Logger } from '@aws-lambda-powertools/logger';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { buildPublicApp, type PublicAppDeps } from '../../../functions/http/public-app-core';
import { type PublicMoreRoutesDeps, publicMoreRoutes } from '../../../functions/http/public-more-routes';
import { submissionRoutes } from '../../../functions/http/routes/submissions';
import { systemClock } from '../../../functions/services/ports';
import { aSubmission } from '../../fixtures/factories';

const logger = new Logger({ serviceName: 'test', logLevel: 'CRITICAL' });

/** Receipt routes whose store knows no receipt, or fails with `failure`. */
function moreDeps(failure?: Error): PublicMoreRoutesDeps {
  const ballotForReceipt = async () => {
    if (failure) throw failure;
    return undefined;
  };
  return {
    receipts: { get: async () => undefined },
    withdrawals: { store: { ballotForReceipt }, clock: systemClock },
    integration: {},
  } as unknown as PublicMoreRoutesDeps;
}

/**
 * A public app whose receipt and integration routes come from `load` and its ballot route from
 * `loadSubmission` (the form routes are never called).
 */
function appWith(load: () => Promise<Hono>, loadSubmission: () => Promise<Hono> = async () => new Hono()) {
  const deps = { logger, moreRoutes: load, submission: loadSubmission } as unknown as PublicAppDeps;
  return buildPublicApp(deps, () => (c) => c.json({}));
}

const RECEIPT = '/api/v1/receipts/ABCD-EFGH-JKMN';

describe('public routes loaded on their first request', () => {
  it('loads them once and answers through the app error model', async () => {
    let loads = 0;
    const app = appWith(async () => {
      loads += 1;
      return publicMoreRoutes(moreDeps());
    });
    const notFound = await app.request(RECEIPT);
    expect(notFound.status).toBe(404);
    expect(((await notFound.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const bad = await app.request('/api/v1/receipts/nope');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('receipt');
    expect(loads).toBe(1);
  });

  it('answers an unknown path under their prefixes with the JSON 404', async () => {
    const res = await appWith(async () => publicMoreRoutes(moreDeps())).request('/api/v1/displays/nothing');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('maps an unexpected failure inside them to the generic 500 without internals', async () => {
    const app = appWith(async () => publicMoreRoutes(moreDeps(new Error('socket hang up'))));
    const res = await app.request(RECEIPT);
    expect(res.status).toBe(500);
    const body = JSON.stringify(await res.json());
    expect(body).toContain('INTERNAL');
    expect(body).not.toContain('socket');
  });

  it('tries the load again on the next request after a failed one', async () => {
    let loads = 0;
    const app = appWith(async () => {
      loads += 1;
      if (loads === 1) throw new Error('chunk read failed');
      return publicMoreRoutes(moreDeps());
    });
    expect((await app.request(RECEIPT)).status).toBe(500);
    expect((await app.request(RECEIPT)).status).toBe(404);
    expect(loads).toBe(2);
  });

  it('loads the ballot route with the first ballot only, and answers its errors through the app error model', async () => {
    let loads = 0;
    const submitted: string[] = [];
    const app = appWith(
      async () => publicMoreRoutes(moreDeps()),
      async () => {
        loads += 1;
        return submissionRoutes({
          submit: async (token) => {
            submitted.push(token);
            return { responseId: 'r1', receipt: 'ABCD-EFGH-JKMN', submittedAt: '2026-12-05T00:00:00.000Z' };
          },
        });
      },
    );
    expect((await app.request(RECEIPT)).status).toBe(404);
    expect(loads).toBe(0);
    const token = 'A'.repeat(24);
    const bad = await app.request(`/api/v1/forms/${token}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ submissionId: 'x' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    const ok = await app.request(`/api/v1/forms/${token}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(aSubmission()),
    });
    expect(ok.status).toBe(201);
    expect(submitted).toEqual([token]);
    expect(loads).toBe(1);
  });
});
