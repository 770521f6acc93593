/**
 * `/api/docs` on the local server: Swagger UI for both OpenAPI documents, with Swagger UI's own
 * files served from node_modules (swagger-ui-dist). Government networks often have no internet,
 * so nothing comes from a CDN. The page's policy allows its own files and its one inline script
 * (by hash); Swagger UI sets style attributes, so styles alone may be inline.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

const DIST = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const ASSETS = '/api/docs/assets';

const DOCUMENTS = [
  { url: '/api/openapi.json', name: '公众接口 Public API' },
  { url: '/api/console/openapi.json', name: '工作人员接口 Console API' },
];

const INIT = `window.ui=SwaggerUIBundle({dom_id:'#swagger-ui',urls:${JSON.stringify(DOCUMENTS)},presets:[SwaggerUIBundle.presets.apis,SwaggerUIStandalonePreset],layout:'StandaloneLayout',deepLinking:true});`;

const PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>开门评警 接口文档 API docs</title><link rel="stylesheet" href="${ASSETS}/swagger-ui.css"></head><body><div id="swagger-ui"></div><script src="${ASSETS}/swagger-ui-bundle.js"></script><script src="${ASSETS}/swagger-ui-standalone-preset.js"></script><script>${INIT}</script></body></html>`;

export const API_DOCS_CSP = [
  "default-src 'none'",
  `script-src 'self' 'sha256-${createHash('sha256').update(INIT).digest('base64')}'`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The docs page and its assets, mounted at `/api/docs` before the APIs: its policy replaces the
 * APIs' `default-src 'none'`, which their middleware sets on every `/api/*` answer.
 */
export function apiDocs(): Hono {
  return new Hono()
    .use('*', async (c, next) => {
      await next();
      c.res.headers.set('Content-Security-Policy', API_DOCS_CSP);
    })
    .get('/', (c) => c.html(PAGE))
    .use('/assets/*', serveStatic({ root: DIST, rewriteRequestPath: (path) => path.slice(ASSETS.length) }));
}
