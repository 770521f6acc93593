/** Questionnaires: list, read, draft, edit, publish, version, archive, import from SurveyJS. */
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import {
  CreateQuestionnaireBodySchema,
  EditDraftBodySchema,
  ImportSurveyJsBodySchema,
  ListQuestionnairesQuerySchema,
  NewVersionBodySchema,
  QuestionnaireIdParamSchema,
  QuestionnaireVersionParamSchema,
} from '../../../schemas/console/questionnaires';
import type { ConsoleContext } from '../../../services/console-ports';
import {
  addDraftVersion,
  archiveQuestionnaire,
  createQuestionnaire,
  editDraft,
  publishVersion,
} from '../../../services/questionnaires/change-questionnaires';
import { importSurveyJsQuestionnaire } from '../../../services/questionnaires/import-surveyjs';
import type { QuestionnaireStore } from '../../../services/questionnaires/ports';
import {
  getQuestionnaire,
  getQuestionnaireVersion,
  listQuestionnaires,
} from '../../../services/questionnaires/read-questionnaires';
import { errorResponses } from '../../openapi-info';
import { jsonBody, pathParams, queryParams } from '../../validate';
import type { ConsoleEnv } from '../auth';

export interface QuestionnaireRoutesDeps {
  questionnaires: QuestionnaireStore;
  ctx: ConsoleContext;
}

const doc = (summary: string, extra: Record<number, { description: string }> = {}) =>
  describeRoute({
    summary,
    tags: ['questionnaires'],
    security: [{ bearer: [] }],
    responses: { 400: errorResponses[400], 403: errorResponses[403], 404: errorResponses[404], ...extra },
  });

export const questionnaireRoutes = ({ questionnaires: store, ctx }: QuestionnaireRoutesDeps) =>
  new Hono<ConsoleEnv>()
    .get(
      '/',
      doc('某单位的问卷 Questionnaires of an owner'),
      queryParams(ListQuestionnairesQuerySchema),
      async (c) => c.json(await listQuestionnaires(store, c.get('principal'), c.req.valid('query').ownerId)),
    )
    .post(
      '/',
      doc('新建问卷草稿 Create a questionnaire (draft v1)'),
      jsonBody(CreateQuestionnaireBodySchema),
      async (c) =>
        c.json(await createQuestionnaire(store, ctx, c.get('principal'), c.req.valid('json')), 201),
    )
    .post(
      '/import/surveyjs',
      doc('从 SurveyJS JSON 导入 Import SurveyJS JSON', {
        422: { description: 'SURVEYJS_UNMAPPABLE：details 列出所有无法导入的部分 Every unmappable part' },
      }),
      jsonBody(ImportSurveyJsBodySchema),
      async (c) =>
        c.json(await importSurveyJsQuestionnaire(store, ctx, c.get('principal'), c.req.valid('json')), 201),
    )
    .get(
      '/:id',
      doc('问卷及其版本 Questionnaire and its versions'),
      pathParams(QuestionnaireIdParamSchema),
      async (c) => c.json(await getQuestionnaire(store, c.get('principal'), c.req.valid('param').id)),
    )
    .get(
      '/:id/versions/:version',
      doc('问卷版本（含内容，用于预览）A version with its content'),
      pathParams(QuestionnaireVersionParamSchema),
      async (c) => {
        const { id, version } = c.req.valid('param');
        return c.json(await getQuestionnaireVersion(store, c.get('principal'), id, Number(version)));
      },
    )
    .put(
      '/:id/versions/:version',
      doc('修改草稿 Edit a draft', { 409: { description: 'VERSION_FROZEN：已发布 Published' } }),
      pathParams(QuestionnaireVersionParamSchema),
      jsonBody(EditDraftBodySchema),
      async (c) => {
        const { id, version } = c.req.valid('param');
        const { content } = c.req.valid('json');
        return c.json(await editDraft(store, ctx, c.get('principal'), id, Number(version), content));
      },
    )
    .post(
      '/:id/versions',
      doc('新建版本（默认复制最新版本）New draft version', { 409: errorResponses[409] }),
      pathParams(QuestionnaireIdParamSchema),
      jsonBody(NewVersionBodySchema),
      async (c) =>
        c.json(
          await addDraftVersion(
            store,
            ctx,
            c.get('principal'),
            c.req.valid('param').id,
            c.req.valid('json').content,
          ),
          201,
        ),
    )
    .post(
      '/:id/versions/:version/publish',
      doc('发布（此后不可修改）Publish (immutable afterwards)', { 409: errorResponses[409] }),
      pathParams(QuestionnaireVersionParamSchema),
      async (c) => {
        const { id, version } = c.req.valid('param');
        return c.json(await publishVersion(store, ctx, c.get('principal'), id, Number(version)));
      },
    )
    .post(
      '/:id/archive',
      doc('归档（停止收集）Archive (stop collecting)', { 409: errorResponses[409] }),
      pathParams(QuestionnaireIdParamSchema),
      async (c) =>
        c.json(await archiveQuestionnaire(store, ctx, c.get('principal'), c.req.valid('param').id)),
    );
