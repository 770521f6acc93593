/** The Responses-stream function's middy handler around injected dependencies. */
import type { Logger } from '@aws-lambda-powertools/logger';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import { flushMetrics, recordMetric } from '../observability/metrics';
import type { CaseDeps } from '../services/cases/deps';
import { openCaseFromResponse } from '../services/cases/open-case';
import type { ResponseImage } from '../services/cases/ports';
import {
  type QuarantineEarlierDeps,
  quarantineEarlier,
  type RetroResponse,
} from '../services/integrity/quarantine-earlier';
import { type EnqueuePushDeps, enqueuePush, type PushedResponse, syncPush } from '../services/reach/push';

/** A DynamoDB stream record, as much of it as the handler reads. */
export interface StreamRecord {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, unknown> };
}

/**
 * The stream consumer: each new Response item is checked and, if it is a bad review, opens its
 * case; with `retro`, a stuffing pattern it reveals takes back the earlier ballots of the
 * pattern. Both are idempotent: a redelivered batch changes nothing. Failures are reported per
 * record so that Lambda retries only those (ReportBatchItemFailures).
 */
export function createCaseStreamHandler(
  deps: CaseDeps,
  logger: Logger,
  retro?: QuarantineEarlierDeps,
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
          const outcome = await openCaseFromResponse(deps, item as unknown as ResponseImage);
          if (outcome === 'opened') logger.info('case opened', { responseId: item.responseId });
          // A pattern this ballot revealed takes back the earlier ballots that built it up.
          const taken = retro ? await quarantineEarlier(retro, item as unknown as RetroResponse) : 0;
          if (taken > 0) recordMetric('RetroQuarantinedBallots', taken);
          // A counted ballot goes to the provincial push outbox (once: the item is conditional).
          if (push) await enqueuePush(push, item as unknown as PushedResponse);
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
