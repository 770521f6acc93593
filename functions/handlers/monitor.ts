/**
 * Lambda entry point of the hourly monitor job (EventBridge schedule): composition only.
 * Powertools through middy: the logger gets the Lambda context and a correlation id, metrics are
 * flushed at the end of the invocation, the tracer wraps the handler and the DynamoDB client.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { createDynamoClient } from '../db/client';
import { DirectoryRepository } from '../db/directory-repository';
import { ResponseRepository } from '../db/response-repository';
import { tableNamesFromEnv } from '../db/table-names';
import { UnitResponseIndexReader } from '../db/unit-response-index';
import { createLogger } from '../observability/logger';
import { metrics, recordMetric, recordValue } from '../observability/metrics';
import { createTracer } from '../observability/tracer';
import {
  checkUnitHealth,
  type UnitHealthDeps,
  type UnitHealthSettings,
} from '../services/monitor-unit-health';
import { systemClock } from '../services/ports';

const logger = createLogger('kmpj-monitor');
const tracer = createTracer('kmpj-monitor');

/** Reads a positive integer setting; a typo fails the cold start instead of silently using 0. */
function positiveInt(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** N and M of the "no bad review" check: 30 days and 50 responses unless the environment says otherwise. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): UnitHealthSettings {
  return {
    days: positiveInt('MONITOR_NO_BAD_REVIEW_DAYS', 30, env),
    minResponses: positiveInt('MONITOR_MIN_RESPONSES', 50, env),
  };
}

/** Builds the middy handler around injected dependencies (the integration test passes its own). */
export function createMonitorHandler(deps: UnitHealthDeps, settings: UnitHealthSettings) {
  const run = async (_event: ScheduledEvent, _context: Context) => {
    const report = await checkUnitHealth(deps, settings);
    recordMetric('UnitsChecked', report.unitsChecked);
    // Zeros are published too: an alarm needs a data point every hour to tell "fine" from "not run".
    recordMetric('UnitsWithoutBadReviews', report.unitsWithoutBadReviews.length);
    recordMetric('StaleAggregates', report.staleUnits.length);
    recordValue('AggregateAgeMinutes', report.aggregateAgeMinutes);
    if (report.unitsWithoutBadReviews.length > 0)
      logger.warn('units with traffic but no bad review', {
        unitIds: report.unitsWithoutBadReviews,
        settings,
      });
    if (report.staleUnits.length > 0) logger.warn('stale aggregates', { staleUnits: report.staleUnits });
    logger.info('monitor run finished', {
      unitsChecked: report.unitsChecked,
      unitsWithoutBadReviews: report.unitsWithoutBadReviews.length,
      staleAggregates: report.staleUnits.length,
      aggregateAgeMinutes: report.aggregateAgeMinutes,
    });
    return {
      unitsChecked: report.unitsChecked,
      unitsWithoutBadReviews: report.unitsWithoutBadReviews.length,
      staleAggregates: report.staleUnits.length,
    };
  };
  return middy(run)
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { correlationIdPath: 'id', resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}

const client = tracer.captureAWSv3Client(createDynamoClient());
const tables = tableNamesFromEnv(['directory', 'responses']);

export const handler = createMonitorHandler(
  {
    units: new DirectoryRepository(client, tables.directory),
    aggregates: new ResponseRepository(client, tables),
    responses: new UnitResponseIndexReader(client, tables.responses),
    clock: systemClock,
  },
  settingsFromEnv(),
);
