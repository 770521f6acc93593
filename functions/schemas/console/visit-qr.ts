/** Console requests on a visit's own QR code. */
import * as v from 'valibot';
import { MAX_VISIT_QR_VALID_DAYS } from '../../domain/cases/visit';
import { NodeIdSchema } from './common';
import { QuestionnaireIdSchema } from './questionnaires';

export const IssueVisitQrBodySchema = v.strictObject({
  questionnaireId: QuestionnaireIdSchema,
  /** One of the visit unit's service points; the unit's first active one when absent. */
  servicePointId: v.optional(NodeIdSchema),
  /** Days after the visit date the code stays valid; the deployment's default when absent. */
  validDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_VISIT_QR_VALID_DAYS))),
});
