/**
 * The OpenAPI documents of both APIs, generated from the routes' valibot schemas exactly as the
 * local server serves them. The Lambda bundles get them through the virtual module
 * `virtual:kmpj-openapi` (scripts/build-lambdas.ts), so the functions serve them without shipping
 * the generator. The apps are built with inert dependencies: generating a document calls no route.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { createConsoleApp } from '../functions/http/console-app';
import { createPublicApp } from '../functions/http/public-app';
import { publicMoreRoutes } from '../functions/http/public-more-routes';
import { submissionRoutes } from '../functions/http/routes/submissions';

/** A stand-in for any dependency: every property and call gives another stand-in. */
const inert = (): unknown =>
  new Proxy(() => undefined, {
    get: (_t, key) => (key === 'then' ? undefined : inert()),
    apply: () => inert(),
  });

export async function openApiDocuments(): Promise<{ publicDocument: unknown; consoleDocument: unknown }> {
  const logger = new Logger({ logLevel: 'CRITICAL' });
  const deps = new Proxy({}, { get: (_t, key) => (key === 'logger' ? logger : inert()) });
  // The routes a Lambda loads on demand are registered directly, so that the document has them.
  const loadedLater: Record<string, unknown> = {
    submission: submissionRoutes(deps as Parameters<typeof submissionRoutes>[0]),
    moreRoutes: publicMoreRoutes(deps as Parameters<typeof publicMoreRoutes>[0]),
  };
  const publicDeps = new Proxy(deps, {
    get: (t, key) => (typeof key === 'string' && key in loadedLater ? loadedLater[key] : Reflect.get(t, key)),
  });
  const publicApp = createPublicApp(publicDeps as Parameters<typeof createPublicApp>[0]);
  const consoleApp = createConsoleApp(deps as Parameters<typeof createConsoleApp>[0]);
  const get = async (app: { request(path: string): Response | Promise<Response> }, path: string) => {
    const res = await app.request(path);
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    return res.json();
  };
  return {
    publicDocument: await get(publicApp, '/api/openapi.json'),
    consoleDocument: await get(consoleApp, '/api/console/openapi.json'),
  };
}
