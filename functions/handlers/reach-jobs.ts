/**
 * The reach Lambdas' middy handlers around injected dependencies (their entry files wire AWS,
 * tests pass DynamoDB Local and fakes): the SMS sender, the inbound SMS opt-out, the pusher.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import * as v from 'valibot';
import { flushMetrics, recordMetric } from '../observability/metrics';
import { InboundSmsSchema } from '../schemas/inbound-sms';
import { type InvitationDeps, receiveSmsReply, sendDueInvitations } from '../services/reach/invitations';
import type { SmsSender } from '../services/reach/ports';
import { drainDuePushes, type PushDeps, type PushTransport } from '../services/reach/push';

/** Runs the sender once per schedule tick; zeros are published too (an alarm can tell "not run"). */
export function createSmsSenderHandler(
  deps: Omit<InvitationDeps, 'phoneKey'> & { sender: SmsSender },
  logger: Logger,
) {
  return middy(async () => {
    const report = await sendDueInvitations(deps);
    recordMetric('SmsInvitationsSent', report.sent);
    recordMetric('SmsInvitationsUnknown', report.unknown);
    recordMetric('SmsInvitationsRetried', report.retried);
    recordMetric('SmsInvitationsFailed', report.failed);
    if (report.unknown > 0) logger.warn('invitations left unknown by a lost sender run', { ...report });
    if (report.failed > 0) logger.warn('invitations the SMS provider refused', { ...report });
    logger.info('sms sender run', { ...report });
    flushMetrics();
    return report;
  });
}

/** An SNS event as Lambda delivers it, as far as the opt-out reads it. */
export interface SnsEvent {
  Records: { Sns: { Message: string; MessageId?: string } }[];
}

/**
 * Each inbound SMS of the topic: a TD reply opts its number out. A message that is not an inbound
 * SMS is logged by id and dropped (retrying it could never succeed); the number is never logged.
 */
export function createSmsReplyHandler(
  deps: () => Promise<Pick<InvitationDeps, 'store' | 'phoneKey' | 'clock'>>,
  logger: Logger,
) {
  return middy(async (event: SnsEvent) => {
    let optedOut = 0;
    for (const record of event.Records) {
      let body: unknown;
      try {
        body = JSON.parse(record.Sns.Message);
      } catch {
        body = undefined;
      }
      const parsed = v.safeParse(InboundSmsSchema, body);
      if (!parsed.success) {
        logger.warn('not an inbound SMS', { messageId: record.Sns.MessageId });
        continue;
      }
      const outcome = await receiveSmsReply(await deps(), {
        from: parsed.output.originationNumber,
        body: parsed.output.messageBody,
      });
      if (outcome === 'opted-out') optedOut++;
    }
    recordMetric('SmsOptOuts', optedOut);
    flushMetrics();
    return { optedOut };
  });
}

/**
 * Pushes what is due, batch after batch, while batches come back full and the invocation has time
 * left (a backlog after an outage drains in one run instead of 100 records a minute).
 */
export function createPushHandler(
  deps: () => Promise<PushDeps & { transport: PushTransport }>,
  logger: Logger,
  batch = 100,
) {
  return middy(async (_event: unknown, context?: { getRemainingTimeInMillis?: () => number }) => {
    const total = await drainDuePushes(
      await deps(),
      batch,
      () => (context?.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY) >= 20_000,
    );
    recordMetric('PushesDelivered', total.delivered);
    recordMetric('PushesDead', total.dead);
    if (total.dead > 0) logger.warn('pushes became dead letters', { ...total });
    logger.info('push run', { ...total });
    flushMetrics();
    return total;
  });
}
