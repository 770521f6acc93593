/**
 * Wiring of the follow-up case services, shared by the console API, the stream handler, the
 * escalation job and the local stack; and the choice of contact cipher for each environment.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import { CaseRepository } from '../db/case-repository';
import { DirectoryRepository } from '../db/directory-repository';
import { PushRepository } from '../db/push-repository';
import { QuestionnaireRepository } from '../db/questionnaire-repository';
import { ReachRepository } from '../db/reach-repository';
import type { TableNames } from '../db/table-names';
import type { ReachSettings } from '../domain/reach/settings';
import { createLogger } from '../observability/logger';
import { flushMetrics, recordMetric } from '../observability/metrics';
import { cachedVersions } from '../services/cached-readers';
import { workingCalendarFromEnv } from '../services/cases/calendar-settings';
import type { CaseDeps } from '../services/cases/deps';
import { openCaseFromResponse } from '../services/cases/open-case';
import { type CaseSettings, DEFAULT_CASE_SETTINGS, type ResponseImage } from '../services/cases/ports';
import { runEscalation } from '../services/cases/run-escalation';
import type { ContactCipher } from '../services/contact/cipher-port';
import {
  type QuarantineEarlierDeps,
  quarantineEarlier,
  type RetroResponse,
} from '../services/integrity/quarantine-earlier';
import { type Clock, systemClock } from '../services/ports';
import { type EnqueuePushDeps, enqueuePush, type PushedResponse, syncPush } from '../services/reach/push';

/** Warns once per year that deadlines run on the statutory rules alone (see working-calendar.ts). */
const warnProvisionalYear = (year: number) =>
  createLogger('kmpj-cases').warn('holiday schedule not configured: deadlines provisional', {
    year,
    hint: 'add the published schedule to HOLIDAY_CALENDAR',
  });

/**
 * Settings from the environment: `CASE_RESOLVE_DAYS` = `{"default":7,"130000":5}`, `CASE_COMPLAINT_KEYWORDS` = `a,b`,
 * `VISIT_QR_VALID_DAYS` = `7`, `HOLIDAY_CALENDAR` = published holiday schedules (schemas/holiday-calendar.ts).
 */
export function caseSettingsFromEnv(env = process.env): CaseSettings {
  const days = env.CASE_RESOLVE_DAYS ? (JSON.parse(env.CASE_RESOLVE_DAYS) as Record<string, number>) : {};
  const { default: resolve, ...byProvince } = days;
  return {
    ...DEFAULT_CASE_SETTINGS,
    deadlines: {
      default: {
        ...DEFAULT_CASE_SETTINGS.deadlines.default,
        ...(resolve ? { resolveWorkingDays: resolve } : {}),
      },
      byProvince: Object.fromEntries(
        Object.entries(byProvince).map(([p, n]) => [p, { resolveWorkingDays: n }]),
      ),
    },
    complaintKeywords: env.CASE_COMPLAINT_KEYWORDS?.split(',').filter(Boolean),
    contactRetentionDays: Number(env.CONTACT_RETENTION_DAYS ?? DEFAULT_CASE_SETTINGS.contactRetentionDays),
    calendar: workingCalendarFromEnv(env, warnProvisionalYear),
    visitQrValidDays: env.VISIT_QR_VALID_DAYS ? Number(env.VISIT_QR_VALID_DAYS) : undefined,
  };
}

export interface CaseWiring {
  client: DynamoDBClient;
  tables: Pick<TableNames, 'directory' | 'questionnaires' | 'responses' | 'audit'>;
  contactCipher?: ContactCipher;
  settings?: CaseSettings;
  clock?: Clock;
}

export function caseServices(w: CaseWiring): CaseDeps {
  const repo = new CaseRepository(w.client, w.tables);
  const directory = new DirectoryRepository(w.client, w.tables.directory);
  return {
    cases: repo,
    visits: repo,
    getNodes: (ids) => directory.getNodes(ids),
    cipher: w.contactCipher,
    questionnaires: cachedVersions(new QuestionnaireRepository(w.client, w.tables.questionnaires)),
    settings: w.settings ?? caseSettingsFromEnv(),
    clock: w.clock ?? systemClock,
    newId: randomUUID,
  };
}

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
/** The push outbox's enqueue deps on the case stream: the province's settings (cached 30 s). */
export function pushEnqueueServices(w: {
  client: DynamoDBClient;
  tables: Pick<TableNames, 'responses' | 'directory'>;
  getVersion: EnqueuePushDeps['getVersion'];
  clock?: Clock;
}): EnqueuePushDeps {
  const reach = new ReachRepository(w.client, w.tables);
  const cache = new Map<string, { at: number; value: Promise<ReachSettings | undefined> }>();
  return {
    store: new PushRepository(w.client, w.tables.responses),
    settings: (provinceId) => {
      const hit = cache.get(provinceId);
      if (hit && Date.now() - hit.at < 30_000) return hit.value;
      const value = reach.getSettings(provinceId);
      cache.set(provinceId, { at: Date.now(), value });
      return value;
    },
    clock: w.clock ?? systemClock,
    getVersion: w.getVersion,
  };
}

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

/** The scheduled escalation job (EventBridge in AWS, a timer locally). */
export function createEscalationHandler(deps: CaseDeps, logger: Logger) {
  return middy(async () => {
    const report = await runEscalation({
      cases: deps.cases,
      clock: deps.clock,
      settings: deps.settings,
      notify: (n) => logger.info('case notification', n),
    });
    logger.info('escalation run', { ...report });
    // Cases found past their deadline in this run (each is escalated to the parent unit).
    recordMetric('OverdueCases', report.escalations);
    // Provisional deadlines counted again on a newly configured holiday schedule.
    if (report.recounted > 0) recordMetric('DeadlinesRecounted', report.recounted);
    flushMetrics();
    return report;
  });
}
