/** Responses: a filtered, paginated list over a node's subtree, and one response's detail. */
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { ResponseIdParamSchema, ResponsesQuerySchema } from '../../../schemas/console/responses';
import { getResponse } from '../../../services/responses/get-response';
import { listResponses } from '../../../services/responses/list-responses';
import type { ReportingDeps } from '../../../services/responses/ports';
import { errorResponses } from '../../openapi-info';
import { pathParams, queryParams } from '../../validate';
import type { ConsoleEnv } from '../auth';

const doc = (summary: string) =>
  describeRoute({ summary, tags: ['responses'], security: [{ bearer: [] }], responses: errorResponses });

export const responsesRoutes = (deps: ReportingDeps) =>
  new Hono<ConsoleEnv>()
    .get('/', doc('评价列表 Responses, newest first'), queryParams(ResponsesQuerySchema), async (c) =>
      c.json(await listResponses(deps, c.get('principal'), c.req.valid('query'))),
    )
    .get('/:id', doc('评价详情 One response'), pathParams(ResponseIdParamSchema), async (c) =>
      c.json(await getResponse(deps, c.get('principal'), c.req.valid('param').id)),
    );
