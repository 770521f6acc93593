/** 申诉复核: the appeals of a subtree, and the province reviewer's decision. */
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import {
  AppealsQuerySchema,
  CaseIdParamSchema,
  DecideAppealBodySchema,
} from '../../../schemas/console/cases';
import { decideAppeal, listAppeals } from '../../../services/cases/appeals';
import { errorResponses } from '../../openapi-info';
import { jsonBody, pathParams, queryParams } from '../../validate';
import type { ConsoleEnv } from '../auth';
import type { CaseRoutesDeps } from './cases';

const doc = (summary: string) =>
  describeRoute({ summary, tags: ['appeals'], security: [{ bearer: [] }], responses: { ...errorResponses } });

export const appealRoutes = ({ cases: deps }: CaseRoutesDeps) =>
  new Hono<ConsoleEnv>()
    .get('/', doc('申诉列表 Appeals'), queryParams(AppealsQuerySchema), async (c) =>
      c.json({ items: await listAppeals(deps, c.get('principal'), c.req.valid('query').nodeId) }),
    )
    .post(
      '/:id/decision',
      doc('复核决定（省级）Decide an appeal (province)'),
      pathParams(CaseIdParamSchema),
      jsonBody(DecideAppealBodySchema),
      async (c) =>
        c.json(await decideAppeal(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json'))),
    );
