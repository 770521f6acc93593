/**
 * Body encoding at the edge: JSON bodies must be UTF-8, checked on the bytes before anything
 * parses them. Apart from validate.ts, so that routes without a body (a form's GET) do not load it.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { UnsupportedMediaTypeError } from '../domain/errors';

/**
 * Requires `application/json` and bytes that are valid UTF-8, before anything parses them:
 * a GBK or overlong-encoded body gets a clear 4xx instead of silently becoming U+FFFD.
 */
export const utf8Json = (): MiddlewareHandler => async (c: Context, next) => {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;\s*charset=utf-8\s*)?$/i.test(type)) throw new UnsupportedMediaTypeError();
  const bytes = await c.req.arrayBuffer();
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UnsupportedMediaTypeError();
  }
  await next();
};

/** For apps that also take non-JSON uploads: JSON bodies must still be valid UTF-8. */
export const utf8WhenJson = (): MiddlewareHandler => async (c: Context, next) => {
  if (/^application\/json/i.test(c.req.header('content-type') ?? '')) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(await c.req.arrayBuffer());
    } catch {
      throw new UnsupportedMediaTypeError();
    }
  }
  await next();
};
