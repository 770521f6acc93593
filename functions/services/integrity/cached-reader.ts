/**
 * Short caches for the slow-moving integrity reads, so that a submission reads nothing in steady
 * state (its quiet-limit counters are asserted by its transaction, see counter-memo.ts): unit network ranges change by administration, and the completion median of a
 * questionnaire moves slowly (a minute-old histogram is as good a yardstick as a fresh one).
 */
import { LRUCache } from 'lru-cache';
import type { IntegrityReader } from './ports';

export function cachedIntegrityReader(inner: IntegrityReader, ttlMs = 60_000): IntegrityReader {
  const networks = new LRUCache<string, string[]>({ max: 5000, ttl: ttlMs });
  const histograms = new LRUCache<string, number[]>({ max: 500, ttl: ttlMs });
  return {
    getOneTimeToken: (h) => inner.getOneTimeToken(h),
    async unitNetworks(unitId) {
      const hit = networks.get(unitId);
      if (hit) return hit;
      const ranges = await inner.unitNetworks(unitId);
      networks.set(unitId, ranges);
      return ranges;
    },
    async completionHistogram(q, version, day) {
      const key = `${q}#${version}#${day}`;
      const hit = histograms.get(key);
      if (hit) return hit;
      const counts = await inner.completionHistogram(q, version, day);
      histograms.set(key, counts);
      return counts;
    },
  };
}
