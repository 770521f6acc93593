/**
 * The public routes off a citizen's cold path (form + ballot): receipt tracking, and the
 * integration routes of queue systems, business systems and window displays. The Lambda loads them
 * as a chunk of their own on their first request (see `PublicAppDeps.moreRoutes`); their paths
 * start with one of `PUBLIC_MORE_ROUTE_PREFIXES` (public-app-core.ts).
 */
import { Hono } from 'hono';
import { type IntegrationRoutesDeps, integrationRoutes } from './routes/integration';
import { type ReceiptRoutesDeps, receiptRoutes } from './routes/receipts';

export interface PublicMoreRoutesDeps extends ReceiptRoutesDeps {
  /** One-time ballot tokens for queue systems and rotating codes for window displays. */
  integration: IntegrationRoutesDeps;
}

export const publicMoreRoutes = (deps: PublicMoreRoutesDeps) =>
  new Hono()
    .route('/api/v1/receipts', receiptRoutes(deps))
    .route('/api/v1', integrationRoutes(deps.integration));
