/**
 * The hourly monitor job's middy handler around injected dependencies. Powertools through middy:
 * the logger gets the Lambda context and a correlation id, metrics are flushed at the end of the
 * invocation, the tracer wraps the handler.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { metrics, recordMetric, recordValue } from '../observability/metrics';
import {
  checkUnitHealth,
  type UnitHealthDeps,
  type UnitHealthSettings,
} from '../services/monitor-unit-health';

/** Builds the middy handler around injected dependencies (the integration test passes its own). */
export function createMonitorHandler(
  deps: UnitHealthDeps,
  settings: UnitHealthSettings,
  { logger, tracer }: { logger: Logger; tracer: Tracer },
) {
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
