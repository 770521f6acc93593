/**
 * A bounded in-process cache: at most `max` entries, the least recently read one evicted first,
 * each entry kept at most `ttlMs` after it was set (no expiry without `ttlMs`). A `Map` keeps its
 * keys in insertion order, so re-inserting a key on every hit makes the first key the least
 * recently used. The caches of this code base only get, set and delete, so this covers them at a
 * few hundred bytes of the public Lambda's cold start instead of lru-cache's 18 KB.
 */
export interface BoundedCacheOptions {
  max: number;
  ttlMs?: number;
  /** Milliseconds since some fixed point (tests pass their own). */
  now?: () => number;
}

export class BoundedCache<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>();
  private readonly max: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor({ max, ttlMs = Number.POSITIVE_INFINITY, now = () => performance.now() }: BoundedCacheOptions) {
    if (!(max >= 1)) throw new RangeError('BoundedCache needs max >= 1');
    this.max = max;
    this.ttlMs = ttlMs;
    this.now = now;
  }

  /** The value under `key`, unless absent or expired; a hit becomes the most recently used. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expires <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
