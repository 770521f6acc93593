/** QR codes: list, issue, revoke, rotate; the QR image, the A4 poster and a unit's A4 sheet. */
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { NodeIdParamSchema } from '../../../schemas/console/common';
import {
  IssueQrTokenBodySchema,
  ServicePointParamSchema,
  TokenIdParamSchema,
} from '../../../schemas/console/qr';
import {
  issueQrToken,
  listQrTokens,
  type QrDeps,
  revokeQrToken,
  rotateQrToken,
} from '../../../services/qr/manage-qr-tokens';
import { qrTokenPng, qrTokenPoster, unitQrSheet } from '../../../services/qr/print-qr';
import { errorResponses } from '../../openapi-info';
import { jsonBody, pathParams } from '../../validate';
import type { ConsoleEnv } from '../auth';

export interface QrRoutesDeps {
  qr: QrDeps;
}

const doc = (summary: string, extra: Record<number, { description: string }> = {}) =>
  describeRoute({
    summary,
    tags: ['qr'],
    security: [{ bearer: [] }],
    responses: { 403: errorResponses[403], 404: errorResponses[404], ...extra },
  });

const SVG = { 'content-type': 'image/svg+xml; charset=utf-8' };

export const qrRoutes = ({ qr }: QrRoutesDeps) =>
  new Hono<ConsoleEnv>()
    .get(
      '/service-points/:id/qr-tokens',
      doc('窗口的二维码 QR codes of a service point'),
      pathParams(ServicePointParamSchema),
      async (c) => c.json(await listQrTokens(qr, c.get('principal'), c.req.valid('param').id)),
    )
    .post(
      '/service-points/:id/qr-tokens',
      doc('生成二维码 Issue a QR code', { 409: errorResponses[409] }),
      pathParams(ServicePointParamSchema),
      jsonBody(IssueQrTokenBodySchema),
      async (c) =>
        c.json(
          await issueQrToken(
            qr,
            c.get('principal'),
            c.req.valid('param').id,
            c.req.valid('json').questionnaireId,
            c.req.valid('json').locale,
          ),
          201,
        ),
    )
    .post(
      '/qr-tokens/:tokenId/revoke',
      doc('停用二维码（立即生效）Revoke (immediate)', { 409: errorResponses[409] }),
      pathParams(TokenIdParamSchema),
      async (c) => c.json(await revokeQrToken(qr, c.get('principal'), c.req.valid('param').tokenId)),
    )
    .post(
      '/qr-tokens/:tokenId/rotate',
      doc('更换二维码（旧码停用）Rotate (old code revoked)', { 409: errorResponses[409] }),
      pathParams(TokenIdParamSchema),
      async (c) => c.json(await rotateQrToken(qr, c.get('principal'), c.req.valid('param').tokenId), 201),
    )
    .get(
      '/qr-tokens/:tokenId/qr.png',
      doc('二维码图片 QR code PNG', { 200: { description: 'image/png' } }),
      pathParams(TokenIdParamSchema),
      async (c) => {
        const png = await qrTokenPng(qr, c.get('principal'), c.req.valid('param').tokenId);
        return c.body(new Uint8Array(png), 200, { 'content-type': 'image/png' });
      },
    )
    .get(
      '/qr-tokens/:tokenId/poster.svg',
      doc('A4 张贴海报 A4 poster (SVG)', { 200: { description: 'image/svg+xml' } }),
      pathParams(TokenIdParamSchema),
      async (c) =>
        c.body(await qrTokenPoster(qr, c.get('principal'), c.req.valid('param').tokenId), 200, SVG),
    )
    .get(
      '/units/:id/qr-sheet.svg',
      doc('单位全部二维码 A4 批量打印 All codes of a unit on A4 (SVG)', {
        200: { description: 'image/svg+xml' },
      }),
      pathParams(NodeIdParamSchema),
      async (c) => c.body(await unitQrSheet(qr, c.get('principal'), c.req.valid('param').id), 200, SVG),
    );
