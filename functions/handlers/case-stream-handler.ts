/** The Responses-stream function's middy handler around injected dependencies. */
import type { Logger } from '@aws-lambda-powertools/logger';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import { flushMetrics, recordMetric } from '../observability/metrics';
import type { CaseDeps } from '../services/cases/deps';
import { openCaseFromResponse } from '../services/cases/open-case';
import type { ResponseImage } from '../services/cases/ports';
import {
  countOnStream,
  type StreamBallot,
  type StreamIntegrityDeps,
} from '../services/integrity/count-on-stream';
import { type EnqueuePushDeps, enqueuePush, type PushedResponse, syncPush } from '../services/reach/push';

/** A DynamoDB stream record, as much of it as the handler reads. */
export interface StreamRecord {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, unknown> };
}

/**
 * The stream consumer: with `retro`, each new Response item is first counted against its quiet
 * limits (taken back if over one, and a stuffing pattern it reveals takes back the earlier ballots
 * of the pattern); then, if it is a counted bad review, it opens its case. Both are idempotent: a redelivered batch changes nothing. Failures are reported per
 * record so that Lambda retries only those (ReportBatchItemFailures).
 */
export function createCaseStreamHandler(
  deps: CaseDeps,
  logger: Logger,
  retro?: StreamIntegrityDeps,
  push?: EnqueuePushDeps,
) {
  return middy(
    async (event: {
      Records: (StreamRecord & { eventID?: string; dynamodb?: { SequenceNumber?: string } })[];
    }) => {
      const failures: { itemIdentifier: string }[] = [];
      for (const record of event.Records) {
        const image = record.dynamodb?.NewImage;
        if ((record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') || !image) continue;
        // biome-ignore lint/suspicious/noExplicitAny: stream images are the SDK's AttributeValue maps.
        const item = unmarshall(image as any);
        if (item.entity !== 'Response') continue;
        if (record.eventName === 'MODIFY') {
          // A changed ballot (released, quarantined later, excluded on appeal): the province follows.
          try {
            if (push) await syncPush(push, item as unknown as PushedResponse);
          } catch (err) {
            logger.error('push sync failed', { responseId: item.responseId, error: (err as Error).name });
            failures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? record.eventID ?? '' });
          }
          continue;
        }
        try {
          // The quiet limits first: a ballot over one is taken back before its case or its push.
          let ballot: Record<string, unknown> = item;
          if (retro) {
            const counted = await countOnStream(retro, item as unknown as StreamBallot);
            ballot = counted.ballot as unknown as Record<string, unknown>;
            if (counted.quarantined) recordMetric('QuarantinedBallots');
            if (counted.earlierTaken > 0) recordMetric('RetroQuarantinedBallots', counted.earlierTaken);
          }
          const outcome = await openCaseFromResponse(deps, ballot as unknown as ResponseImage);
          if (outcome === 'opened') logger.info('case opened', { responseId: item.responseId });
          // A counted ballot goes to the provincial push outbox (once: the item is conditional).
          if (push) await enqueuePush(push, ballot as unknown as PushedResponse);
        } catch (err) {
          // Only ids and the error name: never the item (it may carry a ciphertext or comments).
          logger.error('case stream record failed', {
            responseId: item.responseId,
            error: (err as Error).name,
          });
          failures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? record.eventID ?? '' });
        }
      }
      flushMetrics();
      return { batchItemFailures: failures };
    },
  );
}
