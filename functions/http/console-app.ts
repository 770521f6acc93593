/** The console API with its OpenAPI document generated from the routes (local server, tests, benchmarks). */
import { buildConsoleApp, type ConsoleAppDeps } from './console-app-core';
import { openApiDocument } from './openapi';
import { CONSOLE_API_INFO } from './openapi-info';

export { CONSOLE_BASE, type ConsoleAppDeps } from './console-app-core';

/** Builds the console API; tests call `app.request()` on it directly. */
export const createConsoleApp = (deps: ConsoleAppDeps) =>
  buildConsoleApp(deps, (app) => openApiDocument(app, CONSOLE_API_INFO.title, CONSOLE_API_INFO.description));

export type ConsoleApp = ReturnType<typeof createConsoleApp>;
