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
import { errorResponses } from '../openapi';
import { jsonBody, utf8Json } from '../validate';

export const OneTimeTokensBodySchema = v.strictObject({
  servicePointId: v.pipe(v.string(), v.regex(/^[0-9A-Za-z_-]{1,64}$/, 'malformed id')),
  /** Tokens to issue at once (a ticket printer may prefetch a few). */
  count: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50)), 1),
  /** How long a token stays valid: a queue ticket is used the same day. */
  ttlMinutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(5), v.maxValue(1440)), 240),
});

export interface IntegrationRoutesDeps {
  oneTime: IssueOneTimeTokensDeps;
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
