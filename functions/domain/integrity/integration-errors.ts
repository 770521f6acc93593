/**
 * Errors of the integration routes: the keys of queue and business systems and window displays.
 * Apart from the ballot errors (errors.ts), which a citizen's form loads.
 */
import { AppError } from '../errors';

/** An integration or display secret that is missing, unknown or withdrawn. */
export class IntegrationUnauthorizedError extends AppError {
  readonly code = 'UNAUTHORIZED';
  readonly status = 401;
  constructor() {
    super('接入密钥无效或已停用', 'The integration or display key is invalid or withdrawn.');
  }
}

/** The integration key does not cover the service point it asked for. */
export class IntegrationScopeError extends AppError {
  readonly code = 'OUT_OF_SCOPE';
  readonly status = 404;
  constructor() {
    super('该接入密钥无权为此服务窗口签发评价码', 'This key cannot issue codes for that service point.');
  }
}
