/** 走访评议 visits: record one, list a unit's, read one with its cases; the visit's own QR code. */
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { RecordVisitBodySchema, VisitIdParamSchema, VisitsQuerySchema } from '../../../schemas/console/cases';
import { IssueVisitQrBodySchema } from '../../../schemas/console/visit-qr';
import { issueVisitQr, revokeVisitQr, visitQrPng, visitQrSvg } from '../../../services/cases/visit-qr';
import { getVisit, listVisits, recordVisit } from '../../../services/cases/visits';
import { errorResponses } from '../../openapi-info';
import { jsonBody, pathParams, queryParams } from '../../validate';
import type { ConsoleEnv } from '../auth';
import type { CaseRoutesDeps } from './cases';
import type { QrRoutesDeps } from './qr';

const doc = (summary: string, extra: Record<number, { description: string }> = {}) =>
  describeRoute({
    summary,
    tags: ['visits'],
    security: [{ bearer: [] }],
    responses: { ...errorResponses, ...extra },
  });

export const visitRoutes = ({ cases, qr }: CaseRoutesDeps & QrRoutesDeps) => {
  const deps = { cases, qr };
  return new Hono<ConsoleEnv>()
    .get('/', doc('走访记录 Visits of a unit'), queryParams(VisitsQuerySchema), async (c) =>
      c.json({ items: await listVisits(cases, c.get('principal'), c.req.valid('query')) }),
    )
    .post('/', doc('登记走访 Record a visit'), jsonBody(RecordVisitBodySchema), async (c) =>
      c.json(await recordVisit(cases, c.get('principal'), c.req.valid('json')), 201),
    )
    .get(
      '/:id',
      doc('走访详情：回收问卷、反映问题、关联工单 A visit, its questionnaires, issues and cases'),
      pathParams(VisitIdParamSchema),
      async (c) => c.json(await getVisit(deps, c.get('principal'), c.req.valid('param').id)),
    )
    .post(
      '/:id/qr',
      doc('生成走访二维码 Issue the visit its own QR code'),
      pathParams(VisitIdParamSchema),
      jsonBody(IssueVisitQrBodySchema),
      async (c) =>
        c.json(
          await issueVisitQr(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')),
          201,
        ),
    )
    .post(
      '/:id/qr/revoke',
      doc('停用走访二维码（立即生效）Revoke the visit QR code (immediate)'),
      pathParams(VisitIdParamSchema),
      async (c) => c.json(await revokeVisitQr(deps, c.get('principal'), c.req.valid('param').id)),
    )
    .get(
      '/:id/qr.png',
      doc('走访二维码图片 Visit QR code (PNG)', { 200: { description: 'image/png' } }),
      pathParams(VisitIdParamSchema),
      async (c) => {
        const png = await visitQrPng(deps, c.get('principal'), c.req.valid('param').id);
        return c.body(new Uint8Array(png), 200, { 'content-type': 'image/png' });
      },
    )
    .get(
      '/:id/qr.svg',
      doc('走访二维码矢量图 Visit QR code (SVG, for print)', { 200: { description: 'image/svg+xml' } }),
      pathParams(VisitIdParamSchema),
      async (c) =>
        c.body(await visitQrSvg(deps, c.get('principal'), c.req.valid('param').id), 200, {
          'content-type': 'image/svg+xml; charset=utf-8',
        }),
    );
};
