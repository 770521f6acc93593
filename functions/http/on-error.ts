/** The single mapping from errors to HTTP responses. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, MalformedBodyError } from '../domain/errors';
import type { HttpLogger } from '../observability/logger-on-demand';

export interface ErrorBody {
  error: { code: string; message: string; messageEn: string; details?: unknown };
}

function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  // Hono raises HTTPException(400) when the JSON body cannot be parsed.
  if (err instanceof HTTPException && err.status === 400) return new MalformedBodyError();
  return undefined;
}

/**
 * Known errors become `{ error: { code, message, messageEn, details } }` with their status.
 * Anything else is logged with its stack and answered with a generic 500: no SDK or
 * validator internals ever reach a client.
 */
export const createOnError = (logger: HttpLogger) => (err: Error, c: Context) => {
  const known = toAppError(err);
  if (known) {
    if (known.status >= 500)
      logger.warn('request failed', { code: known.code, cause: String(known.cause ?? '') });
    for (const [k, val] of Object.entries(known.headers ?? {})) c.header(k, val);
    const body: ErrorBody = {
      error: { code: known.code, message: known.message, messageEn: known.messageEn, details: known.details },
    };
    return c.json(body, known.status as ContentfulStatusCode);
  }
  logger.error('unhandled error', err);
  const body: ErrorBody = {
    error: {
      code: 'INTERNAL',
      message: '系统内部错误，请稍后再试',
      messageEn: 'Internal error, please try again later',
    },
  };
  return c.json(body, 500);
};

export const notFound = (c: Context) =>
  c.json<ErrorBody>(
    { error: { code: 'ROUTE_NOT_FOUND', message: '接口不存在', messageEn: 'No such endpoint' } },
    404,
  );
