/** Citizen tracking: the status of the follow-up behind a receipt. No personal data. */
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { ReceiptParamSchema } from '../../schemas/console/cases';
import type { CaseStore } from '../../services/cases/ports';
import { trackReceipt } from '../../services/cases/track-receipt';
import { errorResponses } from '../openapi-info';
import { pathParams } from '../validate';

export interface ReceiptRoutesDeps {
  receipts: Pick<CaseStore, 'responseIdForReceipt' | 'get'>;
}

export const receiptRoutes = (deps: ReceiptRoutesDeps) =>
  new Hono().get(
    '/:receipt',
    describeRoute({
      summary: '凭回执查询办理进度 Track feedback by receipt',
      tags: ['citizen'],
      responses: {
        200: { description: 'ReceiptStatus' },
        400: errorResponses[400],
        404: errorResponses[404],
      },
    }),
    pathParams(ReceiptParamSchema),
    async (c) => {
      const status = await trackReceipt(deps.receipts, c.req.valid('param').receipt);
      c.header('Cache-Control', 'no-store');
      return c.json(status);
    },
  );
