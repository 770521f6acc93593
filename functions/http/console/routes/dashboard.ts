/** The dashboard of a node: totals, series, per-question distributions and recent comments. */
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { DashboardQuerySchema } from '../../../schemas/console/responses';
import { getDashboard } from '../../../services/dashboard/get-dashboard';
import type { ReportingDeps } from '../../../services/responses/ports';
import { errorResponses } from '../../openapi-info';
import { queryParams } from '../../validate';
import type { ConsoleEnv } from '../auth';

export const dashboardRoutes = (deps: ReportingDeps) =>
  new Hono<ConsoleEnv>().get(
    '/',
    describeRoute({
      summary: '统计看板 Dashboard (from daily aggregates)',
      tags: ['dashboard'],
      security: [{ bearer: [] }],
      responses: errorResponses,
    }),
    queryParams(DashboardQuerySchema),
    async (c) => c.json(await getDashboard(deps, c.get('principal'), c.req.valid('query'))),
  );
