/** The public API with its OpenAPI document generated from the routes (local server, tests, benchmarks). */
import { type Handler, Hono } from 'hono';
import { openApiDocument } from './openapi';
import { PUBLIC_API_INFO } from './openapi-info';
import { buildPublicApp, type PublicAppDeps } from './public-app-core';

export type { PublicAppDeps } from './public-app-core';

/**
 * The document handler of `app`; routes loaded on demand (`moreRoutes` as a loader) are loaded by
 * the first request for the document, so that it describes them too.
 */
const documentOf =
  (more: PublicAppDeps['moreRoutes']) =>
  (app: Hono): Handler => {
    let handler: Promise<Handler> | undefined;
    const describe = async (): Promise<Handler> => {
      const documented =
        typeof more === 'function' ? new Hono().route('/', app).route('/', await more()) : app;
      return openApiDocument(documented, PUBLIC_API_INFO.title, PUBLIC_API_INFO.description);
    };
    return async (c, next) => {
      handler ??= describe();
      return (await handler)(c, next);
    };
  };

/** Builds the public API; tests call `app.request()` on it directly. */
export const createPublicApp = (deps: PublicAppDeps) => buildPublicApp(deps, documentOf(deps.moreRoutes));

export type PublicApp = ReturnType<typeof createPublicApp>;
