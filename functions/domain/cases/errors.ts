/** Case errors: both are 409 so a client reloads and retries with the current state. */
import { ConflictError } from '../errors';
import type { CaseStatus } from './model';

export class InvalidTransitionError extends ConflictError {
  constructor(action: string, status: CaseStatus) {
    super(
      'INVALID_TRANSITION',
      `工单当前状态（${status}）不允许此操作（${action}）`,
      `The action ${action} is not allowed while the case is ${status}`,
    );
  }
}

export class VersionConflictError extends ConflictError {
  constructor() {
    super(
      'VERSION_CONFLICT',
      '工单已被他人修改，请刷新后重试',
      'Someone else changed the case; reload and try again',
    );
  }
}
