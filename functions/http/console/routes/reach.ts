/**
 * Reach: the province's settings for SMS invitations and the provincial push, and, under
 * `npm start`, the local SMS outbox (messages "sent", and a simulated TD reply).
 */
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import type { OutboxMessage } from '../../../db/sms-outbox';
import { type Principal, requireAction } from '../../../domain/access';
import { NotFoundError } from '../../../domain/errors';
import type { Clock } from '../../../services/ports';
import type { InvitationDeps } from '../../../services/reach/invitations';
import { listDeadLetters, type PushStore, replayDeadLetter } from '../../../services/reach/push';
import {
  getReachSettings,
  putReachSettings,
  type ReachSettingsDeps,
} from '../../../services/reach/reach-settings';
import { errorResponses } from '../../openapi-info';
import { jsonBody, pathParams } from '../../validate';
import type { ConsoleEnv } from '../auth';

const HhMm = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm'));

export const ReachSettingsBodySchema = v.strictObject({
  sms: v.strictObject({
    delayMinutes: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(24 * 60)),
    quietFrom: HhMm,
    quietTo: HhMm,
  }),
  push: v.strictObject({
    endpoint: v.optional(
      v.pipe(
        v.string(),
        v.maxLength(500),
        v.url('a URL'),
        v.regex(/^(https:\/\/|http:\/\/127\.0\.0\.1[:/])/, 'must use https (plain http only to 127.0.0.1)'),
      ),
    ),
  }),
});

const ProvinceParamSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^\d{2}0000$/, 'a province code')),
});
const OutboxIdParamSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'malformed id')),
});

export interface ReachRoutesDeps {
  reach: {
    settings: ReachSettingsDeps;
    push: { store: PushStore; clock: Clock };
    /** The local SMS outbox and what a TD reply needs; absent in a deployment (routes answer 404). */
    outbox?: {
      list(limit?: number): Promise<OutboxMessage[]>;
      replies: Pick<InvitationDeps, 'store' | 'phoneKey' | 'clock'>;
    };
  };
}

const doc = (summary: string) =>
  describeRoute({
    summary,
    tags: ['reach'],
    security: [{ bearer: [] }],
    responses: { 403: errorResponses[403], 404: errorResponses[404] },
  });

const outboxOf = (deps: ReachRoutesDeps, p: Principal) => {
  requireAction(p, 'settings:write');
  if (!deps.reach.outbox) throw new NotFoundError('本地短信发件箱', 'Local SMS outbox');
  return deps.reach.outbox;
};

export const reachRoutes = (deps: ReachRoutesDeps) =>
  new Hono<ConsoleEnv>()
    .get(
      '/provinces/:id/reach-settings',
      doc('短信邀评与省级推送设置 Reach settings (SMS invitations, provincial push)'),
      pathParams(ProvinceParamSchema),
      async (c) =>
        c.json(await getReachSettings(deps.reach.settings, c.get('principal'), c.req.valid('param').id)),
    )
    .put(
      '/provinces/:id/reach-settings',
      doc('设置短信邀评与省级推送（仅省级）Set reach settings (province only)'),
      pathParams(ProvinceParamSchema),
      jsonBody(ReachSettingsBodySchema),
      async (c) =>
        c.json(
          await putReachSettings(
            deps.reach.settings,
            c.get('principal'),
            c.req.valid('param').id,
            c.req.valid('json'),
          ),
        ),
    )
    .get(
      '/provinces/:id/push/dead-letters',
      doc('省级推送死信 Provincial push dead letters (province only)'),
      pathParams(ProvinceParamSchema),
      async (c) =>
        c.json(await listDeadLetters(deps.reach.push, c.get('principal'), c.req.valid('param').id)),
    )
    .post(
      '/push/dead-letters/:id/replay',
      doc('重新推送死信 Replay a dead letter (province only)'),
      pathParams(OutboxIdParamSchema),
      async (c) =>
        c.json(await replayDeadLetter(deps.reach.push, c.get('principal'), c.req.valid('param').id)),
    )
    .get('/sms/outbox', doc('本地短信发件箱（仅本地演示）Local SMS outbox (npm start only)'), async (c) => {
      const outbox = outboxOf(deps, c.get('principal'));
      const items = await outbox.list(100);
      return c.json({ items: items.map(({ phoneKey: _k, ...m }) => m) });
    })
    .post(
      '/sms/outbox/:id/reply-td',
      doc('模拟市民回复TD退订（仅本地演示）Simulate a TD reply (npm start only)'),
      pathParams(OutboxIdParamSchema),
      async (c) => {
        const outbox = outboxOf(deps, c.get('principal'));
        const msg = (await outbox.list(500)).find((m) => m.id === c.req.valid('param').id);
        if (!msg) throw new NotFoundError('短信', 'Message');
        await outbox.replies.store.optOut(msg.phoneKey, outbox.replies.clock.now().toISOString());
        return c.json({ optedOut: true });
      },
    );
