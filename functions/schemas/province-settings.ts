/**
 * The body of `PUT /provinces/{id}/settings`: a new version of the province's score-shaping
 * settings. The staff console validates its form with the same schema before sending.
 */
import * as v from 'valibot';
import { QuestionnaireSettingsSchema, ScoreMappingSchema } from './questionnaire';

export const ProvinceSettingsBodySchema = v.strictObject({
  scoreMapping: ScoreMappingSchema,
  integrity: v.optional(QuestionnaireSettingsSchema, {}),
  figures: v.strictObject({
    unitCutoffWorkingDays: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10)),
  }),
  expectedVersion: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

export type ProvinceSettingsBody = v.InferInput<typeof ProvinceSettingsBodySchema>;
