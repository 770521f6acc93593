/**
 * Maps SDK failures to the domain's error model. Throttling, server errors and a database
 * that cannot be reached become `ServiceUnavailableError` (503 + Retry-After) so that a
 * client retries; nothing from the SDK reaches a client.
 */
import { ServiceUnavailableError } from '../domain/errors';
import { cancellationReasons } from './cancellation';

const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/** True when retrying the same request later may succeed. */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  if (TRANSIENT_NAMES.has(e.name) || (e.code && TRANSIENT_CODES.has(e.code))) return true;
  if (e.$retryable) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  if (e.name === 'TransactionCanceledException') {
    const reasons = cancellationReasons(e) ?? [];
    return reasons.some((r) => r === 'ThrottlingError' || r === 'TransactionConflict');
  }
  return e.cause !== undefined && isTransient(e.cause);
}

/** The error a caller sees for a failed database call: a 503 when a retry may succeed, else the error itself. */
export const dbError = (err: unknown): unknown =>
  isTransient(err) ? new ServiceUnavailableError(2, err) : err;

/** Runs a database call, turning transient failures into a 503 for the caller. */
export async function withDbErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw dbError(err);
  }
}
