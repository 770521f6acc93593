/** Citizen form routes: read the questionnaire behind a QR token, submit answers. */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { describeRoute } from 'hono-openapi';
import { PayloadTooLargeError } from '../../domain/errors';
import { FormTokenParamSchema, SubmissionBodySchema } from '../../schemas/submission';
import { type GetFormDeps, getForm } from '../../services/get-form';
import { type SubmitResponseDeps, submitResponse } from '../../services/submit-response';
import { errorResponses } from '../openapi';
import { jsonBody, pathParams, utf8Json } from '../validate';

/** A full demo questionnaire with long comments stays under 8 KB; 16 KB leaves room and stops abuse. */
export const MAX_SUBMISSION_BYTES = 16 * 1024;

export interface FormRoutesDeps {
  form: GetFormDeps;
  submit: SubmitResponseDeps;
}

export const formRoutes = (deps: FormRoutesDeps) =>
  new Hono()
    .get(
      '/:token',
      describeRoute({
        summary: '读取二维码对应的问卷 Read the questionnaire behind a QR token',
        tags: ['citizen'],
        responses: {
          200: { description: 'FormView' },
          404: errorResponses[404],
          410: { description: '二维码已停用 Revoked' },
        },
      }),
      pathParams(FormTokenParamSchema),
      async (c) => {
        const view = await getForm(deps.form, c.req.valid('param').token);
        c.header('Cache-Control', 'no-store');
        return c.json(view);
      },
    )
    .post(
      '/:token/responses',
      describeRoute({
        summary:
          '提交评价（幂等：submissionId 相同则返回同一回执）Submit answers (idempotent on submissionId)',
        tags: ['citizen'],
        responses: {
          201: { description: '{ responseId, receipt, submittedAt }' },
          400: errorResponses[400],
          404: errorResponses[404],
          409: { description: '同一 submissionId 提交了不同内容 Same submissionId, different answers' },
          413: errorResponses[413],
          503: errorResponses[503],
        },
      }),
      bodyLimit({
        maxSize: MAX_SUBMISSION_BYTES,
        onError: () => {
          throw new PayloadTooLargeError(MAX_SUBMISSION_BYTES);
        },
      }),
      utf8Json(),
      pathParams(FormTokenParamSchema),
      jsonBody(SubmissionBodySchema),
      async (c) => {
        const receipt = await submitResponse(deps.submit, c.req.valid('param').token, c.req.valid('json'));
        return c.json(receipt, 201);
      },
    );
