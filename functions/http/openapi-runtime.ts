/**
 * What the Lambda bundles run in place of hono-openapi (scripts/build-lambdas.ts aliases the
 * package to this module): the same validator and route marker, without the OpenAPI metadata they
 * carry. A Lambda serves the document generated from the routes when it was bundled
 * (virtual:kmpj-openapi), so nothing reads that metadata at run time. The local server, the tests
 * and the document generator run hono-openapi itself.
 */
import type { MiddlewareHandler } from 'hono';

/** hono-openapi's `validator` runs @hono/standard-validator's, adding only the schema's metadata. */
export { sValidator as validator } from '@hono/standard-validator';

/** hono-openapi's `describeRoute`: a middleware that passes the request on. */
export const describeRoute =
  (_spec: unknown): MiddlewareHandler =>
  async (_c, next) => {
    await next();
  };
