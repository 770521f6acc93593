/**
 * Completion times are kept as a histogram of log-spaced buckets per questionnaire version and day,
 * so a median can be read from a few counters instead of scanning responses.
 */

/** Upper bounds (seconds, exclusive) of the buckets; the last bucket is open-ended. */
export const COMPLETION_BUCKETS = [5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600, 1800] as const;

/** The bucket index of a completion time in seconds. */
export function completionBucket(seconds: number): number {
  const i = COMPLETION_BUCKETS.findIndex((upper) => seconds < upper);
  return i === -1 ? COMPLETION_BUCKETS.length : i;
}

/** The median of a histogram, as the geometric middle of the median bucket; undefined when empty. */
export function histogramMedian(counts: readonly number[]): { seconds: number; samples: number } | undefined {
  const samples = counts.reduce((a, b) => a + b, 0);
  if (samples === 0) return undefined;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i] ?? 0;
    if (seen * 2 >= samples) {
      const lower = i === 0 ? 1 : COMPLETION_BUCKETS[i - 1]!;
      const upper = COMPLETION_BUCKETS[i] ?? lower * 2;
      return { seconds: Math.sqrt(lower * upper), samples };
    }
  }
  return undefined;
}

/**
 * The fastest a person can read and answer: about 1.5 s per required question and 0.5 s per
 * optional one, never under 8 s. Below it a ballot was not filled in by reading the questions.
 */
export const completionFloorSeconds = (required: number, optional: number): number =>
  Math.max(8, 1.5 * required + 0.5 * optional);

/**
 * Partition keys of one day's completion histogram: a province's ballots are spread over them so
 * that no partition key takes more than a fraction of the writes. Each window keeps its own items
 * inside its partition.
 */
export const HISTOGRAM_PARTITIONS = 4;

/** The partition a service point writes to (stable, so one window's items stay together). */
export function histogramPartition(servicePointId: string): number {
  let h = 0;
  for (const ch of servicePointId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % HISTOGRAM_PARTITIONS;
}
