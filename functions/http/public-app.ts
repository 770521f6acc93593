/** The public API with its OpenAPI document generated from the routes (local server, tests, benchmarks). */
import { openApiDocument } from './openapi';
import { PUBLIC_API_INFO } from './openapi-info';
import { buildPublicApp, type PublicAppDeps } from './public-app-core';

export type { PublicAppDeps } from './public-app-core';

/** Builds the public API; tests call `app.request()` on it directly. */
export const createPublicApp = (deps: PublicAppDeps) =>
  buildPublicApp(deps, (app) => openApiDocument(app, PUBLIC_API_INFO.title, PUBLIC_API_INFO.description));

export type PublicApp = ReturnType<typeof createPublicApp>;
