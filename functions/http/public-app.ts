/** The public API with its OpenAPI document generated from the routes (local server, tests, benchmarks). */
import { type Handler, Hono } from 'hono';
import { openApiDocument } from './openapi';
import { PUBLIC_API_INFO } from './openapi-info';
import { buildPublicApp, type PublicAppDeps, type RoutesSource } from './public-app-core';

export type { PublicAppDeps } from './public-app-core';

/**
 * The document handler of `app`; routes loaded on demand (`submission` and `moreRoutes` as
 * loaders) are loaded by the first request for the document, so that it describes them too.
 */
const documentOf =
  (sources: RoutesSource[]) =>
  (app: Hono): Handler => {
    let handler: Promise<Handler> | undefined;
    const describe = async (): Promise<Handler> => {
      const documented = new Hono().route('/', app);
      for (const source of sources) if (typeof source === 'function') documented.route('/', await source());
      return openApiDocument(documented, PUBLIC_API_INFO.title, PUBLIC_API_INFO.description);
    };
    return async (c, next) => {
      handler ??= describe();
      return (await handler)(c, next);
    };
  };

/** Builds the public API; tests call `app.request()` on it directly. */
export const createPublicApp = (deps: PublicAppDeps) =>
  buildPublicApp(deps, documentOf([deps.submission, deps.moreRoutes]));

export type PublicApp = ReturnType<typeof createPublicApp>;
