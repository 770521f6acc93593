/** 走访评议 visits: record one, list a unit's, read one with its cases. */
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { RecordVisitBodySchema, VisitIdParamSchema, VisitsQuerySchema } from '../../../schemas/console/cases';
import { getVisit, listVisits, recordVisit } from '../../../services/cases/visits';
import { errorResponses } from '../../openapi';
import { jsonBody, pathParams, queryParams } from '../../validate';
import type { ConsoleEnv } from '../auth';
import type { CaseRoutesDeps } from './cases';

const doc = (summary: string) =>
  describeRoute({ summary, tags: ['visits'], security: [{ bearer: [] }], responses: { ...errorResponses } });

export const visitRoutes = ({ cases: deps }: CaseRoutesDeps) =>
  new Hono<ConsoleEnv>()
    .get('/', doc('走访记录 Visits of a unit'), queryParams(VisitsQuerySchema), async (c) =>
      c.json({ items: await listVisits(deps, c.get('principal'), c.req.valid('query')) }),
    )
    .post('/', doc('登记走访 Record a visit'), jsonBody(RecordVisitBodySchema), async (c) =>
      c.json(await recordVisit(deps, c.get('principal'), c.req.valid('json')), 201),
    )
    .get('/:id', doc('走访详情 A visit and its cases'), pathParams(VisitIdParamSchema), async (c) =>
      c.json(await getVisit(deps, c.get('principal'), c.req.valid('param').id)),
    );
