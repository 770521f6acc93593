/**
 * The ballot-integrity report and the quarantine review queue: province only (`integrity:read` to
 * read, `quarantine:review` to release or reject); and, in a demo deployment, the stuffing
 * simulation the province admin runs to see the report at work.
 */
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { CursorSchema, DaySchema, pageLimitSchema } from '../../../schemas/console/common';
import { ResponseIdParamSchema } from '../../../schemas/console/responses';
import { type IntegrityReportDeps, integrityReport } from '../../../services/integrity/integrity-report';
import {
  type QuarantineReviewDeps,
  quarantineQueue,
  rejectQuarantined,
  releaseQuarantined,
} from '../../../services/integrity/review-quarantine';
import {
  canSimulate,
  type DemoSimulations,
  PATTERN_NAMES,
} from '../../../services/integrity/simulation-port';
import { notFound } from '../../on-error';
import { errorResponses } from '../../openapi-info';
import { jsonBody, pathParams, queryParams } from '../../validate';
import type { ConsoleEnv } from '../auth';

export const IntegrityReportQuerySchema = v.strictObject({ from: DaySchema, to: DaySchema });

/** `GET /integrity/quarantine`: a period of at most 31 days, a page at a time (newest first). */
export const QuarantineQueueQuerySchema = v.strictObject({
  from: DaySchema,
  to: DaySchema,
  cursor: v.optional(CursorSchema),
  limit: v.optional(pageLimitSchema(200), '50'),
});

/** `POST /integrity/simulations`: all patterns and 300 genuine ballots unless narrowed. */
export const SimulationRequestSchema = v.strictObject({
  patterns: v.optional(
    v.pipe(v.array(v.picklist(PATTERN_NAMES)), v.minLength(1), v.maxLength(PATTERN_NAMES.length)),
  ),
  genuine: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000))),
});

/** `POST /integrity/quarantine/{id}/release|reject`: the reviewer's reason, kept in the audit trail. */
export const QuarantineDecisionSchema = v.strictObject({
  note: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(2000)),
});

export interface IntegrityRoutesDeps extends IntegrityReportDeps {
  /** The province's quarantine review queue. */
  review: QuarantineReviewDeps;
  /** The demo stuffing simulation (local stack only); answers 404 unless present and `enabled`. */
  simulations?: DemoSimulations;
}

/** The two decisions on a quarantined ballot: same request, same answer shape. */
const DECISIONS = [
  {
    verb: 'release',
    run: releaseQuarantined,
    summary: '放行隔离评价（省厅管理员）Release a quarantined ballot (province admin)',
    description:
      '计入成绩（加入官方汇总），随后若为差评即向单位建立工单；重复提交返回同一结果；已驳回的不能放行。' +
      ' Counts the ballot (added to the official aggregates), then opens its case if it is a bad review;' +
      ' a replay answers the same; a rejected ballot is never released.',
  },
  {
    verb: 'reject',
    run: rejectQuarantined,
    summary: '驳回隔离评价（省厅管理员）Reject a quarantined ballot (province admin)',
    description:
      '该评价保持不计入成绩，不建立工单；重复提交返回同一结果；已放行的不能驳回。' +
      ' The ballot stays out of the scores and opens no case; a replay answers the same; a released' +
      ' ballot is never rejected.',
  },
] as const;

export const integrityRoutes = (deps: IntegrityRoutesDeps) => {
  const app = new Hono<ConsoleEnv>()
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
    .get(
      '/quarantine',
      describeRoute({
        summary: '隔离复核队列（仅省级）Quarantine review queue (province only)',
        description:
          '被隔离且尚未复核的评价（到达时隔离或事后追溯隔离），不含群众联系方式；单位看不到，也不会为其建立工单。' +
          ' Quarantined ballots not yet decided (on arrival or retroactively), without contacts; the rated' +
          ' unit never sees them and no case opens for them until released. 每页 `limit` 条（默认 50，至多 200），' +
          '由新到旧；还有下一页时返回 `nextCursor`，原样带回即可续读。 A page of `limit` ballots (50 by default, at most 200),' +
          ' newest first; `nextCursor`, when present, reads on from where the page ended.',
        tags: ['integrity'],
        security: [{ bearer: [] }],
        responses: { 400: errorResponses[400], 403: errorResponses[403] },
      }),
      queryParams(QuarantineQueueQuerySchema),
      async (c) => {
        const q = c.req.valid('query');
        return c.json(await quarantineQueue(deps.review, c.get('principal'), q));
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
        return c.json(await simulations.run(c.get('principal'), c.req.valid('json')));
      },
    );
  for (const d of DECISIONS) {
    app.post(
      `/quarantine/:id/${d.verb}`,
      describeRoute({
        summary: d.summary,
        description: d.description,
        tags: ['integrity'],
        security: [{ bearer: [] }],
        responses: { 403: errorResponses[403], 404: errorResponses[404], 409: errorResponses[409] },
      }),
      pathParams(ResponseIdParamSchema),
      jsonBody(QuarantineDecisionSchema),
      async (c) =>
        c.json(
          await d.run(deps.review, c.get('principal'), c.req.valid('param').id, c.req.valid('json').note),
        ),
    );
  }
  return app;
};
