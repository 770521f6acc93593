/**
 * Questionnaire lifecycle: draft → published (immutable) → archived. Archiving closes the
 * whole questionnaire: its versions flip to `archived`, and citizens can no longer answer it.
 */
import { AppError, ConflictError } from './errors';

/** A citizen opened or submitted a form whose questionnaire was archived. */
export class QuestionnaireArchivedError extends AppError {
  readonly code = 'QUESTIONNAIRE_ARCHIVED';
  readonly status = 410;
  constructor() {
    super(
      '该问卷已停止使用，感谢您的关注',
      'This questionnaire has been archived and no longer accepts answers',
    );
  }
}

/** A console write on an archived questionnaire. */
export const archivedConflict = () =>
  new ConflictError(
    'QUESTIONNAIRE_ARCHIVED',
    '该问卷已归档，不能再修改或发布',
    'This questionnaire is archived and can no longer change',
  );

/** A console write on a published version. */
export const frozenConflict = () =>
  new ConflictError(
    'VERSION_FROZEN',
    '该版本已发布，不能再修改',
    'This version is published and can no longer change',
  );
