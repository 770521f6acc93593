/** Downloads: responses and aggregates as CSV (UTF-8 BOM) or XLSX, formula-injection safe. */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { DashboardQuerySchema, ResponsesExportQuerySchema } from '../../../schemas/console/responses';
import { exportAggregates } from '../../../services/exports/export-aggregates';
import { exportResponses } from '../../../services/exports/export-responses';
import type { ExportFile } from '../../../services/exports/render';
import type { ReportingDeps } from '../../../services/responses/ports';
import { errorResponses } from '../../openapi-info';
import { queryParams } from '../../validate';
import type { ConsoleEnv } from '../auth';

const doc = (summary: string) =>
  describeRoute({ summary, tags: ['exports'], security: [{ bearer: [] }], responses: errorResponses });

const send = (c: Context, file: ExportFile) => c.body(file.body as string | ArrayBuffer, 200, file.headers);

export const exportsRoutes = (deps: ReportingDeps) =>
  new Hono<ConsoleEnv>()
    .get('/responses.csv', doc('导出评价明细 CSV'), queryParams(ResponsesExportQuerySchema), async (c) =>
      send(c, await exportResponses(deps, c.get('principal'), c.req.valid('query'), 'csv')),
    )
    .get('/responses.xlsx', doc('导出评价明细 XLSX'), queryParams(ResponsesExportQuerySchema), async (c) =>
      send(c, await exportResponses(deps, c.get('principal'), c.req.valid('query'), 'xlsx')),
    )
    .get('/aggregates.csv', doc('导出满意度统计 CSV'), queryParams(DashboardQuerySchema), async (c) =>
      send(c, await exportAggregates(deps, c.get('principal'), c.req.valid('query'), 'csv')),
    )
    .get('/aggregates.xlsx', doc('导出满意度统计 XLSX'), queryParams(DashboardQuerySchema), async (c) =>
      send(c, await exportAggregates(deps, c.get('principal'), c.req.valid('query'), 'xlsx')),
    );
