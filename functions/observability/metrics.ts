/**
 * Business metrics without Powertools in the caller's vocabulary: code calls
 * `recordMetric('Submissions')`, and whoever owns the invocation flushes.
 *
 * Namespace `Kmpj`; dimensions `service` (from POWERTOOLS_SERVICE_NAME) and `stage` (from
 * KMPJ_STAGE), so dev and prod in one account never mix and alarms can match exact dimensions.
 * Outside Lambda (tests, `npm start`) nothing is printed unless POWERTOOLS_METRICS_DISABLED=false.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** CloudWatch namespace of every application metric. */
export const METRICS_NAMESPACE = 'Kmpj';

/** Every metric name the application publishes; alarms and the dashboard refer to these. */
export type MetricName =
  | 'Submissions'
  | 'ValidationFailures'
  | 'QuarantinedBallots'
  | 'RetroQuarantinedBallots'
  | 'OverdueCases'
  | 'DeadlinesRecounted'
  | 'UnitsWithoutBadReviews'
  | 'StaleAggregates'
  | 'AggregateAgeMinutes'
  | 'UnitsChecked'
  | 'SmsInvitationsSent'
  | 'SmsInvitationsUnknown'
  | 'SmsInvitationsRetried'
  | 'SmsInvitationsFailed'
  | 'SmsOptOuts'
  | 'PushesDelivered'
  | 'PushesDead'
  | 'RollupChangesApplied'
  | 'RollupChangesReplayed'
  | 'RollupDriftCells'
  | 'RollupCellsRepaired';

const inLambda = process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined;
if (!inLambda && process.env.POWERTOOLS_METRICS_DISABLED === undefined) {
  // Local runs and tests would otherwise print an EMF blob to stdout after every request.
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
}

/** The process-wide Powertools Metrics instance (for the middy `logMetrics` middleware). */
export const metrics = new Metrics({
  namespace: METRICS_NAMESPACE,
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'kmpj',
  defaultDimensions: { stage: process.env.KMPJ_STAGE ?? 'local' },
});

/** Adds `count` to a counter metric of the current invocation or request. */
export function recordMetric(name: MetricName, count = 1): void {
  metrics.addMetric(name, MetricUnit.Count, count);
}

/** Records a measured value (a gauge such as an age in minutes) for the current invocation. */
export function recordValue(name: MetricName, value: number): void {
  metrics.addMetric(name, MetricUnit.NoUnit, value);
}

/** Publishes what was recorded so far; the HTTP middleware calls it once per request. */
export function flushMetrics(): void {
  // An empty flush would print a warning per request that recorded nothing.
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
