/** The ballot-integrity report (issue 6): province only (`integrity:read`). */
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { DaySchema } from '../../../schemas/console/common';
import { type IntegrityReportDeps, integrityReport } from '../../../services/integrity/integrity-report';
import { queryParams } from '../../validate';
import type { ConsoleEnv } from '../auth';

export const IntegrityReportQuerySchema = v.strictObject({ from: DaySchema, to: DaySchema });

export const integrityRoutes = (deps: IntegrityReportDeps) =>
  new Hono<ConsoleEnv>().get(
    '/report',
    describeRoute({
      summary: '评价真实性报告（仅省级）Ballot-integrity report (province only)',
      tags: ['integrity'],
      security: [{ bearer: [] }],
    }),
    queryParams(IntegrityReportQuerySchema),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await integrityReport(deps, c.get('principal'), q.from, q.to));
    },
  );
