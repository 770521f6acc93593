/** The public (citizen) API: one Hono app, run by Lambda in AWS and by @hono/node-server locally. */
import type { Logger } from '@aws-lambda-powertools/logger';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { createOnError, notFound } from './on-error';
import { type FormRoutesDeps, formRoutes } from './routes/forms';

export interface PublicAppDeps extends FormRoutesDeps {
  logger: Logger;
}

/** Builds the public API; tests call `app.request()` on it directly. */
export function createPublicApp(deps: PublicAppDeps) {
  return new Hono()
    .use(
      '/api/*',
      secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } }),
    )
    .route('/api/v1/forms', formRoutes(deps))
    .get('/api/health', (c) => c.json({ ok: true }))
    .notFound(notFound)
    .onError(createOnError(deps.logger));
}

export type PublicApp = ReturnType<typeof createPublicApp>;
