/**
 * OpenAPI 3.1 documents generated from the routes' valibot schemas (hono-openapi). The local server
 * and the tests generate them at run time; the Lambda functions serve the same documents generated
 * when they are bundled (scripts/openapi-documents.ts), without the generator.
 */
import type { Hono } from 'hono';
import { openAPIRouteHandler } from 'hono-openapi';

/** Serves the OpenAPI document of `app` (call after every route is registered). */
export const openApiDocument = (app: Hono, title: string, description: string, servers = [{ url: '/' }]) =>
  openAPIRouteHandler(app, {
    documentation: {
      openapi: '3.1.0',
      info: { title, version: '1.0.0', description },
      servers,
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
  });
