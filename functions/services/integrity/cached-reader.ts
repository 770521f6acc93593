/**
 * Short caches for the slow-moving integrity reads, so that a submission reads nothing in steady
 * state (its quiet-limit counters are written, not read, see counter-memo.ts): unit
 * network ranges change by administration, and the completion median of a questionnaire moves
 * slowly (a minute-old histogram is as good a yardstick as a fresh one). The caches hold the
 * pending read, so concurrent ballots that miss together share one read instead of each sending it.
 */
import { BoundedCache } from '../bounded-cache';
import type { IntegrityReader } from './ports';

/** A read cached by key for `ttlMs`, shared while in flight; a failed read is not kept. */
function sharedReads<T extends {}>(max: number, ttlMs: number) {
  const cache = new BoundedCache<string, Promise<T>>({ max, ttlMs });
  return (key: string, read: () => Promise<T>): Promise<T> => {
    const hit = cache.get(key);
    if (hit) return hit;
    const pending = read();
    cache.set(key, pending);
    pending.catch(() => {
      if (cache.get(key) === pending) cache.delete(key);
    });
    return pending;
  };
}

export function cachedIntegrityReader(inner: IntegrityReader, ttlMs = 60_000): IntegrityReader {
  const networks = sharedReads<string[]>(5000, ttlMs);
  const histograms = sharedReads<number[]>(500, ttlMs);
  return {
    getOneTimeToken: (h) => inner.getOneTimeToken(h),
    unitNetworks: (unitId) => networks(unitId, () => inner.unitNetworks(unitId)),
    completionHistogram: (q, version, day) =>
      histograms(`${q}#${version}#${day}`, () => inner.completionHistogram(q, version, day)),
  };
}
