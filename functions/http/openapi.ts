/** OpenAPI 3.1 documents generated from the routes' valibot schemas (hono-openapi). */
import type { Hono } from 'hono';
import { openAPIRouteHandler } from 'hono-openapi';

/** Error responses shared by every route, described once. */
export const errorResponses = {
  400: { description: '请求无效（字段与原因见 details）Invalid request; see details' },
  401: { description: '未登录或令牌无效 Missing or invalid token' },
  403: { description: '无权执行此操作 Not allowed' },
  404: { description: '不存在或不在您的管理范围内 Not found or outside your scope' },
  409: { description: '状态冲突 Conflict' },
  413: { description: '请求体过大 Body too large' },
  503: { description: '服务繁忙，请按 Retry-After 重试 Busy; retry after Retry-After' },
} as const;

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
