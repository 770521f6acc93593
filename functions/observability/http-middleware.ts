/**
 * Hono middleware that gives every HTTP request a correlation id in the logs and publishes the
 * request's business metrics when it ends. Routes stay unaware of both.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { HttpLogger } from './logger-on-demand';
import { countMetric, flushRequestMetrics } from './request-metrics';

export type { HttpLogger } from './logger-on-demand';

/** Header a caller (the web client, a test, a support engineer) may send to follow one request. */
export const CORRELATION_HEADER = 'x-correlation-id';

/** Only ids that cannot smuggle log content or personal data are accepted from a client. */
const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Props of {@link observability}. */
export interface ObservabilityOptions {
  logger: HttpLogger;
  /**
   * Method and path of a request whose `201` is a citizen submission, e.g. POST
   * `/api/v1/forms/<token>/responses`. Absent for apps that take no submissions.
   */
  isSubmission?: (method: string, path: string) => boolean;
}

/** The API Gateway request id when running behind hono/aws-lambda, otherwise undefined. */
function gatewayRequestId(c: Context): string | undefined {
  const env = c.env as { event?: { requestContext?: { requestId?: string } } } | undefined;
  return env?.event?.requestContext?.requestId;
}

/**
 * 1. Takes the caller's correlation id if it is safe, else the API Gateway request id, else a new one.
 * 2. Puts it on every log line of the request and echoes it in the response.
 * 3. Counts submissions (201 on a submission route) and validation failures (any 400).
 * 4. Flushes metrics once, even when the route threw, and waits for the request's log lines to be
 *    printed (a logger loaded on demand prints after loading it), so none is left for a frozen
 *    Lambda container.
 */
export function observability(options: ObservabilityOptions): MiddlewareHandler {
  const { logger, isSubmission } = options;
  return async (c, next) => {
    const offered = c.req.header(CORRELATION_HEADER);
    const id = offered && SAFE_ID.test(offered) ? offered : (gatewayRequestId(c) ?? crypto.randomUUID());
    logger.setCorrelationId(id);
    try {
      await next();
      c.header(CORRELATION_HEADER, id);
      if (c.res.status === 201 && isSubmission?.(c.req.method, c.req.path)) countMetric('Submissions');
      if (c.res.status === 400) countMetric('ValidationFailures');
    } finally {
      await flushRequestMetrics();
      await logger.flush?.();
      logger.resetKeys();
    }
  };
}
