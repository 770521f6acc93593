/**
 * The ballot-integrity report: province only (`integrity:read`); and, in a demo
 * deployment, the stuffing simulation the province admin runs to see the report at work.
 */
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { DaySchema } from '../../../schemas/console/common';
import { type IntegrityReportDeps, integrityReport } from '../../../services/integrity/integrity-report';
import {
  canSimulate,
  runDemoSimulation,
  type SimulationDeps,
} from '../../../services/integrity/run-simulation';
import { PATTERN_NAMES } from '../../../services/integrity/stuffing-simulation';
import { notFound } from '../../on-error';
import { errorResponses } from '../../openapi-info';
import { jsonBody, queryParams } from '../../validate';
import type { ConsoleEnv } from '../auth';

export const IntegrityReportQuerySchema = v.strictObject({ from: DaySchema, to: DaySchema });

/** `POST /integrity/simulations`: all patterns and 300 genuine ballots unless narrowed. */
export const SimulationRequestSchema = v.strictObject({
  patterns: v.optional(
    v.pipe(v.array(v.picklist(PATTERN_NAMES)), v.minLength(1), v.maxLength(PATTERN_NAMES.length)),
  ),
  genuine: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000))),
});

export interface IntegrityRoutesDeps extends IntegrityReportDeps {
  /** The demo stuffing simulation (local stack only); answers 404 unless present and `enabled`. */
  simulations?: SimulationDeps;
}

export const integrityRoutes = (deps: IntegrityRoutesDeps) =>
  new Hono<ConsoleEnv>()
    .get(
      '/report',
      describeRoute({
        summary: '评价真实性报告（仅省级）Ballot-integrity report (province only)',
        description:
          '`simulationsEnabled`：当前用户可在此部署运行刷票模拟（演示环境的省厅管理员）。' +
          ' Whether the caller may run the stuffing simulation here (province admin, demo deployment).',
        tags: ['integrity'],
        security: [{ bearer: [] }],
      }),
      queryParams(IntegrityReportQuerySchema),
      async (c) => {
        const q = c.req.valid('query');
        const p = c.get('principal');
        const report = await integrityReport(deps, p, q.from, q.to);
        return c.json({ ...report, simulationsEnabled: canSimulate(deps.simulations, p) });
      },
    )
    .post(
      '/simulations',
      describeRoute({
        summary:
          '运行刷票模拟（仅演示环境，省厅管理员）Run the stuffing simulation (demo only, province admin)',
        description:
          '在今天（北京时间）向演示窗口提交刷票样本与正常样本，返回各模式被隔离的数量；非演示部署返回 404。' +
          ' Plays stuffing patterns and genuine ballots at the demo windows today (Beijing) and reports' +
          ' how many of each were quarantined; 404 outside the local demo stack.',
        tags: ['integrity'],
        security: [{ bearer: [] }],
        responses: { 403: errorResponses[403], 404: errorResponses[404], 409: errorResponses[409] },
      }),
      // Outside a demo the route does not exist: 404 before the body is even looked at.
      (c, next) => (deps.simulations?.enabled ? next() : notFound(c)),
      jsonBody(SimulationRequestSchema),
      async (c) => {
        const simulations = deps.simulations;
        if (!simulations) return notFound(c);
        return c.json(await runDemoSimulation(simulations, c.get('principal'), c.req.valid('json')));
      },
    );
