/** Follow-up cases: inbox, metrics, one case with its timeline, actions, contact reveal, appeals. */
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import {
  CaseActionBodySchema,
  CaseIdParamSchema,
  FileAppealBodySchema,
  InboxQuerySchema,
  MetricsQuerySchema,
  OpenCaseBodySchema,
} from '../../../schemas/console/cases';
import { actOnCase } from '../../../services/cases/act-on-case';
import { fileAppeal } from '../../../services/cases/appeals';
import type { CaseDeps } from '../../../services/cases/deps';
import { openManualCase } from '../../../services/cases/open-case';
import { getCase, getCaseMetrics, listCases } from '../../../services/cases/read-cases';
import { revealContact } from '../../../services/cases/reveal-contact';
import { errorResponses } from '../../openapi-info';
import { jsonBody, pathParams, queryParams } from '../../validate';
import type { ConsoleEnv } from '../auth';

export interface CaseRoutesDeps {
  cases: CaseDeps;
}

const doc = (summary: string) =>
  describeRoute({ summary, tags: ['cases'], security: [{ bearer: [] }], responses: { ...errorResponses } });

export const caseRoutes = ({ cases: deps }: CaseRoutesDeps) =>
  new Hono<ConsoleEnv>()
    .get('/metrics', doc('闭环指标 Closed-loop metrics'), queryParams(MetricsQuerySchema), async (c) =>
      c.json(await getCaseMetrics(deps, c.get('principal'), c.req.valid('query'))),
    )
    .get('/', doc('工单收件箱 Case inbox'), queryParams(InboxQuerySchema), async (c) =>
      c.json(await listCases(deps, c.get('principal'), c.req.valid('query'))),
    )
    .post('/', doc('登记走访/来电问题 Open a case by hand'), jsonBody(OpenCaseBodySchema), async (c) =>
      c.json(await openManualCase(deps, c.get('principal'), c.req.valid('json')), 201),
    )
    .get('/:id', doc('工单详情与时间线 Case and timeline'), pathParams(CaseIdParamSchema), async (c) =>
      c.json(await getCase(deps, c.get('principal'), c.req.valid('param').id)),
    )
    .post(
      '/:id/actions',
      doc('办理工单（受理、转办、协调、办结、回访、关闭）Act on a case'),
      pathParams(CaseIdParamSchema),
      jsonBody(CaseActionBodySchema),
      async (c) =>
        c.json(await actOnCase(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json'))),
    )
    .post(
      '/:id/contact/reveal',
      doc('查看完整联系电话（仅承办人，记入审计）Reveal the phone (handler only, audited)'),
      pathParams(CaseIdParamSchema),
      async (c) => c.json(await revealContact(deps, c.get('principal'), c.req.valid('param').id)),
    )
    .post(
      '/:id/appeal',
      doc('申诉恶意差评 Appeal a bad review'),
      pathParams(CaseIdParamSchema),
      jsonBody(FileAppealBodySchema),
      async (c) =>
        c.json(await fileAppeal(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 201),
    );
