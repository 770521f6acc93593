/** Errors of ballot integrity that a citizen or an integration may see (zh-CN first, English beside). */
import { AppError } from '../errors';

/** The questionnaire accepts only rotating or one-time ballots and none came with the submission. */
export class BallotRequiredError extends AppError {
  readonly code = 'BALLOT_REQUIRED';
  readonly status = 403;
  constructor() {
    super(
      '请扫描窗口显示屏上或办事凭条上的二维码进行评价',
      'Please scan the QR code on the window display or on your ticket to rate this service.',
    );
  }
}

/** A rotating code past its deadline, or a one-time token past its expiry. */
export class BallotExpiredError extends AppError {
  readonly code = 'BALLOT_EXPIRED';
  readonly status = 410;
  constructor() {
    super(
      '该评价二维码已过期，请重新扫描窗口显示屏上的最新二维码',
      'This rating code has expired. Please scan the current code on the window display.',
    );
  }
}

/** A one-time token that was already used: the clear message the issue asks for on a replay. */
export class BallotUsedError extends AppError {
  readonly code = 'BALLOT_USED';
  readonly status = 409;
  constructor() {
    super(
      '该评价码已使用过，每张办事凭条只能评价一次',
      'This rating code has already been used; each ticket can rate once.',
    );
  }
}

/** A ballot token that is malformed, forged, or belongs to another service point. */
export class BallotInvalidError extends AppError {
  readonly code = 'BALLOT_INVALID';
  readonly status = 404;
  constructor() {
    super('评价码无效，请重新扫描二维码', 'This rating code is not valid. Please scan the QR code again.');
  }
}

/** Proof of work missing, wrong, expired or already spent. */
export class AltchaFailedError extends AppError {
  readonly code = 'ALTCHA_FAILED';
  readonly status = 400;
  constructor() {
    super('安全验证未通过，请重新提交', 'The security check did not pass; please submit again.');
  }
}
