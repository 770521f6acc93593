/** Citizen form routes: read the questionnaire behind a QR token, submit answers. */

import { bodyLimit } from 'hono/body-limit';
import { Hono } from 'hono/tiny';
import { describeRoute } from 'hono-openapi';
import { PayloadTooLargeError } from '../../domain/errors';
import { FormQuerySchema, FormTokenParamSchema, SubmissionBodySchema } from '../../schemas/submission';
import { altchaChallenge, type OpenFormDeps, openForm } from '../../services/integrity/open-form';
import type { SubmitService } from '../../services/submit-response';
import type { ClientAddressResolver } from '../client-address';
import { errorResponses } from '../openapi-info';
import { jsonBody, pathParams, queryParams, utf8Json } from '../validate';

/** A full demo questionnaire with long comments stays under 8 KB; 16 KB leaves room and stops abuse. */
export const MAX_SUBMISSION_BYTES = 16 * 1024;

export interface FormRoutesDeps {
  /** Opening a form and its ALTCHA challenge. */
  form: OpenFormDeps;
  /**
   * The submission use case, bound to its dependencies. The Lambda loads it with the first ballot
   * (handlers/public-deps.ts), so a cold start for a form does not read it.
   */
  submit: SubmitService;
  /** Where the request came from (network limits); bucketed by the service, never stored whole. */
  clientAddress?: ClientAddressResolver;
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
      queryParams(FormQuerySchema),
      async (c) => {
        const view = await openForm(deps.form, c.req.valid('param').token, c.req.valid('query').b);
        c.header('Cache-Control', 'no-store');
        return c.json(view);
      },
    )
    .get(
      '/:token/altcha',
      describeRoute({
        summary: '获取工作量证明挑战（问卷开启 ALTCHA 时）Proof-of-work challenge (ALTCHA)',
        tags: ['citizen'],
        responses: { 200: { description: 'ALTCHA v1 challenge' }, 404: errorResponses[404] },
      }),
      pathParams(FormTokenParamSchema),
      async (c) => {
        const challenge = await altchaChallenge(deps.form, c.req.valid('param').token);
        c.header('Cache-Control', 'no-store');
        return c.json(challenge ?? null);
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
        const receipt = await deps.submit(c.req.valid('param').token, c.req.valid('json'), {
          clientAddress: await deps.clientAddress?.(c),
        });
        return c.json(receipt, 201);
      },
    );
