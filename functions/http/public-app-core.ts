/**
 * The public (citizen) API: one Hono app, run by Lambda in AWS and by @hono/node-server locally.
 * How it serves its OpenAPI document is up to the caller: generated from the routes (public-app.ts,
 * local server and tests) or generated when the Lambda is bundled (handlers/public-api.ts).
 */
import type { Handler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { Hono } from 'hono/tiny';
import { type HttpLogger, observability } from '../observability/http-middleware';
import { loadedOnce } from '../services/loaded-once';
import { createOnError, notFound } from './on-error';
import { type FormRoutesDeps, formRoutes } from './routes/forms';

/** Routes with their full paths: the app itself, or its loader, called on their first request. */
export type RoutesSource = Hono | (() => Promise<Hono>);

export interface PublicAppDeps extends FormRoutesDeps {
  logger: HttpLogger;
  /**
   * The ballot route (routes/submissions.ts) with the submission use case behind it. A citizen's
   * first request after a cold start opens the form, so the Lambda loads it with the first ballot.
   */
  submission: RoutesSource;
  /**
   * Receipt tracking and the integration routes (http/public-more-routes.ts), loaded by the first
   * request for one of them, so that a cold start for a form or a ballot does not read them.
   */
  moreRoutes: RoutesSource;
}

/** Where the routes of http/public-more-routes.ts answer. */
export const PUBLIC_MORE_ROUTE_PREFIXES = ['/api/v1/receipts', '/api/v1/integrations', '/api/v1/displays'];

/**
 * A handler that hands each request to `load()`'s app, loaded once (loadedOnce: again after a
 * failed load); an error it raises reaches the caller's `onError`.
 */
function forwardTo(load: () => Promise<Hono>): Handler {
  const fetch = loadedOnce(async () => {
    const routes = (await load()).notFound(notFound).onError((err) => Promise.reject(err));
    return async (req: Request, env: unknown) => routes.fetch(req, env);
  });
  return (c) => fetch(c.req.raw, c.env);
}

/** A citizen's answers arrive as POST /api/v1/forms/<token>/responses. */
const SUBMISSION_PATH = '/api/v1/forms/:token/responses';

const isSubmissionRequest = (method: string, path: string) =>
  method === 'POST' && /^\/api\/v1\/forms\/[^/]+\/responses$/.test(path);

/**
 * Adds `routes` to `app`: the app itself, or, for a loader, the handler `register` puts on their
 * paths, which loads the app with the first request and hands it every request.
 */
function mount(app: Hono, routes: RoutesSource, register: (handler: Handler) => void) {
  if (typeof routes === 'function') register(forwardTo(routes));
  else app.route('/', routes);
}

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
  mount(app, deps.submission, (handler) => app.post(SUBMISSION_PATH, handler));
  mount(app, deps.moreRoutes, (handler) => {
    for (const prefix of PUBLIC_MORE_ROUTE_PREFIXES) app.all(`${prefix}/*`, handler);
  });
  return app.get('/api/openapi.json', openApi(app)).notFound(notFound).onError(createOnError(deps.logger));
}
