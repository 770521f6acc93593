/**
 * Public integration routes: one-time ballot tokens for queue and transaction systems,
 * and the rotating code of a window display. Both authenticate with a bearer secret that is stored
 * only as a hash.
 */
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { type DisplayCodeDeps, displayCode } from '../../services/integrity/display-code';
import {
  type IssueOneTimeTokensDeps,
  issueOneTimeTokens,
} from '../../services/integrity/issue-one-time-tokens';
import {
  type IssueTransactionBallotDeps,
  issueTransactionBallot,
} from '../../services/integrity/issue-transaction-ballot';
import { errorResponses } from '../openapi-info';
import { utf8Json } from '../utf8-body';
import { jsonBody } from '../validate';

export const OneTimeTokensBodySchema = v.strictObject({
  servicePointId: v.pipe(v.string(), v.regex(/^[0-9A-Za-z_-]{1,64}$/, 'malformed id')),
  /** Tokens to issue at once (a ticket printer may prefetch a few). */
  count: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50)), 1),
  /** How long a token stays valid: a queue ticket is used the same day. */
  ttlMinutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(5), v.maxValue(1440)), 240),
});

/** 一事一评: the ballot of one finished transaction (办件) of a business system. */
export const TransactionBallotBodySchema = v.strictObject({
  /** 办件编号, unique within the unit's business system. */
  transactionNo: v.pipe(v.string(), v.regex(/^[^\s#\p{Cc}]{1,64}$/u, '1–64 characters, no spaces or #')),
  servicePointId: v.pipe(v.string(), v.regex(/^[0-9A-Za-z_-]{1,64}$/, 'malformed id')),
  /** 事项 name as the business system calls it. */
  matter: v.pipe(v.string(), v.trim(), v.minLength(1, 'required'), v.maxLength(100)),
  /** The citizen's mobile number for one SMS invitation; only with `mobileConsent: true`. */
  mobile: v.optional(v.pipe(v.string(), v.regex(/^1[3-9]\d{9}$/, 'an 11-digit mainland mobile number'))),
  mobileConsent: v.optional(v.boolean()),
  /** How long the ballot stays valid (default a day: an SMS invitation may come half an hour later). */
  ttlMinutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(30), v.maxValue(10_080)), 1440),
});

const TransactionBallotSchema = v.pipe(
  TransactionBallotBodySchema,
  v.forward(
    v.check((b) => b.mobile === undefined || b.mobileConsent === true, 'requires mobileConsent: true'),
    ['mobile'],
  ),
);

export interface IntegrationRoutesDeps {
  oneTime: IssueOneTimeTokensDeps;
  transaction: IssueTransactionBallotDeps;
  display: DisplayCodeDeps;
}

const bearer = (header: string | undefined): string | undefined =>
  /^Bearer\s+(\S{10,200})$/i.exec(header ?? '')?.[1];

export const integrationRoutes = (deps: IntegrationRoutesDeps) =>
  new Hono()
    .post(
      '/integrations/one-time-tokens',
      describeRoute({
        summary: '为排队/办事系统签发一次性评价码 Issue one-time ballot tokens (integration key)',
        tags: ['integration'],
        responses: {
          201: { description: '{ tokens: [{ ballot, url, expiresAt }] }' },
          400: errorResponses[400],
          401: { description: '接入密钥无效 Invalid integration key' },
          404: errorResponses[404],
        },
      }),
      utf8Json(),
      jsonBody(OneTimeTokensBodySchema),
      async (c) => {
        const tokens = await issueOneTimeTokens(
          deps.oneTime,
          bearer(c.req.header('authorization')),
          c.req.valid('json'),
        );
        c.header('Cache-Control', 'no-store');
        return c.json({ tokens }, 201);
      },
    )
    .post(
      '/integrations/transactions',
      describeRoute({
        summary: '一事一评：为一笔办件签发评价 Issue the ballot of one transaction (integration key)',
        tags: ['integration'],
        responses: {
          201: {
            description:
              'TransactionBallot: { transactionNo, matter, ballot, url, expiresAt, qr: { png, svg } }',
          },
          200: {
            description: '同一办件编号再次请求：返回同一评价 The same transaction again: the same ballot',
          },
          400: errorResponses[400],
          401: { description: '接入密钥无效 Invalid integration key' },
          404: errorResponses[404],
          409: { description: '办件编号已用于其他窗口或事项 TRANSACTION_MISMATCH' },
        },
      }),
      utf8Json(),
      jsonBody(TransactionBallotSchema),
      async (c) => {
        const { mobileConsent: _consent, ...req } = c.req.valid('json');
        const ballot = await issueTransactionBallot(
          deps.transaction,
          bearer(c.req.header('authorization')),
          req,
        );
        c.header('Cache-Control', 'no-store');
        return c.json(ballot, ballot.created ? 201 : 200);
      },
    )
    .get(
      '/displays/current',
      describeRoute({
        summary: '窗口显示屏当前的动态二维码 Current rotating code of a window display (display secret)',
        tags: ['integration'],
        responses: {
          200: { description: 'DisplayCode' },
          401: { description: '显示屏密钥无效 Invalid display secret' },
        },
      }),
      async (c) => {
        const code = await displayCode(deps.display, bearer(c.req.header('authorization')));
        c.header('Cache-Control', 'no-store');
        return c.json(code);
      },
    );
