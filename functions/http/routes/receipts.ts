/**
 * Citizen receipts: the status of the follow-up behind a receipt (no personal data), and the
 * citizen's withdrawal of their own ballot within a short time of sending it.
 */
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { ReceiptParamSchema } from '../../schemas/console/cases';
import type { CaseStore } from '../../services/cases/ports';
import { trackReceipt } from '../../services/cases/track-receipt';
import { type WithdrawDeps, withdrawBallot } from '../../services/responses/withdraw-ballot';
import { errorResponses } from '../openapi-info';
import { pathParams } from '../validate';

export interface ReceiptRoutesDeps {
  receipts: Pick<CaseStore, 'get'>;
  withdrawals: WithdrawDeps;
}

export const receiptRoutes = (deps: ReceiptRoutesDeps) =>
  new Hono()
    .get(
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
        const status = await trackReceipt(deps.receipts, deps.withdrawals, c.req.valid('param').receipt);
        c.header('Cache-Control', 'no-store');
        return c.json(status);
      },
    )
    .post(
      '/:receipt/withdraw',
      describeRoute({
        summary: '撤回评价 Withdraw one’s ballot',
        description:
          '发送后 30 分钟内，凭回执撤回本人的评价：不再计入得分；已登记的问题仍会办理。重复撤回返回相同结果。' +
          ' Within 30 minutes of sending, the receipt withdraws the ballot from the scores; a problem it' +
          ' reported is still followed up. A repeated withdrawal answers the same.',
        tags: ['citizen'],
        responses: {
          200: { description: '{ receipt, withdrawn: true, withdrawnAt }' },
          400: errorResponses[400],
          404: errorResponses[404],
          409: errorResponses[409],
        },
      }),
      pathParams(ReceiptParamSchema),
      async (c) => {
        c.header('Cache-Control', 'no-store');
        return c.json(await withdrawBallot(deps.withdrawals, c.req.valid('param').receipt));
      },
    );
