/** Citizen form routes: read the questionnaire behind a QR token, submit answers. */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PayloadTooLargeError } from '../../domain/errors';
import { FormTokenParamSchema, SubmissionBodySchema } from '../../schemas/submission';
import { type GetFormDeps, getForm } from '../../services/get-form';
import { type SubmitResponseDeps, submitResponse } from '../../services/submit-response';
import { jsonBody, pathParams, utf8Json } from '../validate';

/** A full demo questionnaire with long comments stays under 8 KB; 16 KB leaves room and stops abuse. */
export const MAX_SUBMISSION_BYTES = 16 * 1024;

export interface FormRoutesDeps {
  form: GetFormDeps;
  submit: SubmitResponseDeps;
}

export const formRoutes = (deps: FormRoutesDeps) =>
  new Hono()
    .get('/:token', pathParams(FormTokenParamSchema), async (c) => {
      const view = await getForm(deps.form, c.req.valid('param').token);
      c.header('Cache-Control', 'no-store');
      return c.json(view);
    })
    .post(
      '/:token/responses',
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
