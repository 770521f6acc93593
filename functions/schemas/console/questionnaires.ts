/** Console requests on questionnaires. */
import * as v from 'valibot';
import { QuestionnaireContentSchema } from '../questionnaire';
import { NodeIdSchema } from './common';

/** Questionnaire ids: generated UUIDs, or seeded slugs such as `window-service`. */
export const QuestionnaireIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'malformed id'));

export const QuestionnaireIdParamSchema = v.strictObject({ id: QuestionnaireIdSchema });

/** Path params carry strings: the version is checked as digits here and converted by the route. */
export const QuestionnaireVersionParamSchema = v.strictObject({
  id: QuestionnaireIdSchema,
  version: v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,5}$/, 'a version number')),
});

export const ListQuestionnairesQuerySchema = v.strictObject({ ownerId: NodeIdSchema });

export const CreateQuestionnaireBodySchema = v.strictObject({
  ownerId: NodeIdSchema,
  content: QuestionnaireContentSchema,
});

export const EditDraftBodySchema = v.strictObject({ content: QuestionnaireContentSchema });

export const NewVersionBodySchema = v.strictObject({ content: v.optional(QuestionnaireContentSchema) });

/**
 * A SurveyJS survey is checked only for being a JSON object here: mapping it reports every
 * problem at once (422 SURVEYJS_UNMAPPABLE), which a schema failing on the first could not.
 */
export const ImportSurveyJsBodySchema = v.strictObject({
  ownerId: NodeIdSchema,
  survey: v.pipe(
    v.custom<Record<string, unknown>>(
      (x) => typeof x === 'object' && x !== null && !Array.isArray(x),
      'must be a SurveyJS JSON object',
    ),
    v.looseObject({}),
  ),
});
