/**
 * The public (citizen) API: one Hono app, run by Lambda in AWS and by @hono/node-server locally.
 * How it serves its OpenAPI document is up to the caller: generated from the routes (public-app.ts,
 * local server and tests) or generated when the Lambda is bundled (handlers/public-api.ts).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Handler, Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { observability } from '../observability/http-middleware';
import { createOnError, notFound } from './on-error';
import { type FormRoutesDeps, formRoutes } from './routes/forms';
import { type IntegrationRoutesDeps, integrationRoutes } from './routes/integration';
import { type ReceiptRoutesDeps, receiptRoutes } from './routes/receipts';

export interface PublicAppDeps extends FormRoutesDeps, ReceiptRoutesDeps {
  logger: Logger;
  /** One-time ballot tokens for queue systems and rotating codes for window displays. */
  integration: IntegrationRoutesDeps;
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
    .route('/api/v1/receipts', receiptRoutes(deps))
    .route('/api/v1', integrationRoutes(deps.integration))
    .get('/api/health', (c) => c.json({ ok: true }));
  return app.get('/api/openapi.json', openApi(app)).notFound(notFound).onError(createOnError(deps.logger));
}
