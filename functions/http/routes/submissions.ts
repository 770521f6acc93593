/**
 * The citizen's ballot: POST /api/v1/forms/{token}/responses. A route module of its own, apart from
 * the form's GET routes (forms.ts), so that the Lambda loads it, its body schema and the submission
 * use case with the first ballot rather than with every cold start (see `PublicAppDeps.submission`).
 */

import { bodyLimit } from 'hono/body-limit';
import { Hono } from 'hono/tiny';
import { describeRoute } from 'hono-openapi';
import { PayloadTooLargeError } from '../../domain/errors';
import { FormTokenParamSchema } from '../../schemas/form';
import { SubmissionBodySchema } from '../../schemas/submission';
import type { SubmitService } from '../../services/submit-response';
import type { ClientAddressResolver } from '../client-address';
import { errorResponses } from '../openapi-info';
import { utf8Json } from '../utf8-body';
import { jsonBody, pathParams } from '../validate';

/** A full demo questionnaire with long comments stays under 8 KB; 16 KB leaves room and stops abuse. */
export const MAX_SUBMISSION_BYTES = 16 * 1024;

export interface SubmissionRoutesDeps {
  /** The submission use case, bound to its dependencies. */
  submit: SubmitService;
  /** Where the request came from (network limits); bucketed by the service, never stored whole. */
  clientAddress?: ClientAddressResolver;
}

/** The ballot route, with its full path. */
export const submissionRoutes = (deps: SubmissionRoutesDeps) =>
  new Hono().post(
    '/api/v1/forms/:token/responses',
    describeRoute({
      summary: '提交评价（幂等：submissionId 相同则返回同一回执）Submit answers (idempotent on submissionId)',
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
