/**
 * The public (citizen) API: one Hono app, run by Lambda in AWS and by @hono/node-server locally.
 * How it serves its OpenAPI document is up to the caller: generated from the routes (public-app.ts,
 * local server and tests) or generated when the Lambda is bundled (handlers/public-api.ts).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Handler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { Hono } from 'hono/tiny';
import { observability } from '../observability/http-middleware';
import { loadedOnce } from '../services/loaded-once';
import { createOnError, notFound } from './on-error';
import { type FormRoutesDeps, formRoutes } from './routes/forms';

export interface PublicAppDeps extends FormRoutesDeps {
  logger: Logger;
  /**
   * Receipt tracking and the integration routes (http/public-more-routes.ts): the app itself, or
   * its loader, called on the first request for one of them, so that a cold start for a form or a
   * ballot does not read them.
   */
  moreRoutes: Hono | (() => Promise<Hono>);
}

/** Where the routes of http/public-more-routes.ts answer. */
export const PUBLIC_MORE_ROUTE_PREFIXES = ['/api/v1/receipts', '/api/v1/integrations', '/api/v1/displays'];

/**
 * A handler that hands each request to `load()`'s app, loaded once (loadedOnce: again after a
 * failed load); an error it raises reaches the caller's `onError`.
 */
function forwardTo(load: () => Promise<Hono>): Handler {
  const fetch = loadedOnce(async () => {
    const more = (await load()).notFound(notFound).onError((err) => Promise.reject(err));
    return async (req: Request, env: unknown) => more.fetch(req, env);
  });
  return (c) => fetch(c.req.raw, c.env);
}

/** A citizen's answers arrive as POST /api/v1/forms/<token>/responses. */
const isSubmissionRequest = (method: string, path: string) =>
  method === 'POST' && /^\/api\/v1\/forms\/[^/]+\/responses$/.test(path);

/** Builds the public API; `openApi` gets the app with every route and returns the document's handler. */
export function buildPublicApp(deps: PublicAppDeps, openApi: (app: Hono) => Handler) {
  const app = new Hono()
    .use('/api/*', observability({ logger: deps.logger, isSubmission: isSubmissionRequest }))
    .use(
      '/api/*',
      secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } }),
    )
    .route('/api/v1/forms', formRoutes(deps))
    .get('/api/health', (c) => c.json({ ok: true }));
  const more = deps.moreRoutes;
  if (typeof more === 'function') {
    const forward = forwardTo(more);
    for (const prefix of PUBLIC_MORE_ROUTE_PREFIXES) app.all(`${prefix}/*`, forward);
  } else app.route('/', more);
  return app.get('/api/openapi.json', openApi(app)).notFound(notFound).onError(createOnError(deps.logger));
}
