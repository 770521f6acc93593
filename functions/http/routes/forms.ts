/**
 * Citizen form routes: read the questionnaire behind a QR token, and its ALTCHA challenge. The
 * ballot itself is submissions.ts.
 */

import { Hono } from 'hono/tiny';
import { describeRoute } from 'hono-openapi';
import { FormQuerySchema, FormTokenParamSchema } from '../../schemas/form';
import { altchaChallenge, type OpenFormDeps, openForm } from '../../services/integrity/open-form';
import { errorResponses } from '../openapi-info';
import { pathParams, queryParams } from '../validate';

export interface FormRoutesDeps {
  /** Opening a form and its ALTCHA challenge. */
  form: OpenFormDeps;
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
    );
