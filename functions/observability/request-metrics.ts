/**
 * The HTTP apps' per-request metrics, recorded without loading Powertools Metrics: what a request
 * records waits here, and the first flush with something to publish imports metrics.ts. A cold
 * start whose request records nothing (a form read) never reads the Metrics module; the one that
 * records a submission loads it then, once per process.
 */
import type { MetricName } from './metrics';

const pending: Array<[MetricName, number]> = [];

/** Adds `count` to a counter metric of the current request (see recordMetric in metrics.ts). */
export function countMetric(name: MetricName, count = 1): void {
  pending.push([name, count]);
}

/** Publishes what the request recorded, in the order it was recorded; nothing when it recorded nothing. */
export async function flushRequestMetrics(): Promise<void> {
  if (pending.length === 0) return;
  const recorded = pending.splice(0);
  const { recordMetric, flushMetrics } = await import('./metrics');
  for (const [name, count] of recorded) recordMetric(name, count);
  flushMetrics();
}
