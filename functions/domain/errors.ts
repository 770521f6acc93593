/**
 * The one error model. Every error a client may see is an `AppError` subclass carrying a
 * stable `code`, an HTTP `status`, a zh-CN message (shown to citizens) and its English twin.
 * `http/on-error.ts` is the only place that turns these into responses.
 */

/** One problem with one field of a request. */
export interface FieldIssue {
  /** Dotted path of the field, e.g. `answers.q_overall` or `submissionId`. */
  field: string;
  code: string;
  message: string;
  messageEn: string;
}

export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  readonly messageEn: string;
  readonly details?: readonly FieldIssue[];
  /** Extra response headers (e.g. Retry-After). */
  readonly headers?: Record<string, string>;

  constructor(
    message: string,
    messageEn: string,
    opts: { details?: readonly FieldIssue[]; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = new.target.name;
    this.messageEn = messageEn;
    this.details = opts.details;
  }
}

export class ValidationError extends AppError {
  readonly code = 'VALIDATION_FAILED';
  readonly status = 400;
  constructor(details: readonly FieldIssue[]) {
    super('提交的内容有误，请检查标出的项目', 'The request has invalid fields', { details });
  }
}

export class MalformedBodyError extends AppError {
  readonly code = 'MALFORMED_BODY';
  readonly status = 400;
  constructor(message = '请求内容不是有效的 JSON', messageEn = 'The request body is not valid JSON') {
    super(message, messageEn);
  }
}

export class PayloadTooLargeError extends AppError {
  readonly code = 'PAYLOAD_TOO_LARGE';
  readonly status = 413;
  constructor(limitBytes: number) {
    super(`提交内容过大（上限 ${limitBytes} 字节）`, `The request body exceeds ${limitBytes} bytes`);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  readonly status = 415;
  constructor() {
    super('请求须为 UTF-8 编码的 JSON', 'The request must be UTF-8 encoded JSON');
  }
}

export class TokenInvalidError extends AppError {
  readonly code = 'TOKEN_INVALID';
  readonly status = 404;
  constructor() {
    super(
      '二维码无效或已损坏，请重新扫描窗口处的二维码',
      'This QR code is invalid or damaged. Please scan the code at the window again.',
    );
  }
}

export class TokenRevokedError extends AppError {
  readonly code = 'TOKEN_REVOKED';
  readonly status = 410;
  constructor() {
    super(
      '该二维码已停用，请扫描窗口处最新的二维码',
      'This QR code has been withdrawn. Please scan the current code.',
    );
  }
}

/** A window (or a node above it) was deactivated: none of its codes takes ratings any more. */
export class WindowDeactivatedError extends AppError {
  readonly code = 'WINDOW_DEACTIVATED';
  readonly status = 410;
  constructor() {
    super(
      '该服务窗口已停用，暂不接受评价。感谢您的支持！',
      'This service window has been closed and no longer takes ratings. Thank you.',
    );
  }
}

export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
  readonly status = 404;
  constructor(what: string, whatEn: string) {
    super(`未找到${what}`, `${whatEn} not found`);
  }
}

export class ConflictError extends AppError {
  readonly code: string;
  readonly status = 409;
  constructor(code: string, message: string, messageEn: string) {
    super(message, messageEn);
    this.code = code;
  }
}

export class DuplicateSubmissionError extends ConflictError {
  constructor() {
    super(
      'DUPLICATE_SUBMISSION',
      '此问卷已提交过，内容不同的重复提交不予受理',
      'This submission was already received with different answers',
    );
  }
}

export class ServiceUnavailableError extends AppError {
  readonly code = 'SERVICE_UNAVAILABLE';
  readonly status = 503;
  override readonly headers: Record<string, string>;
  constructor(retryAfterSeconds = 2, cause?: unknown) {
    super(
      '服务繁忙，请稍后重试，您填写的内容已保留',
      'The service is busy. Please retry shortly; your answers are kept.',
      {
        cause,
      },
    );
    this.headers = { 'Retry-After': String(retryAfterSeconds) };
  }
}
