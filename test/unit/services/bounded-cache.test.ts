import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../../functions/services/bounded-cache';

describe('BoundedCache', () => {
  it('evicts the least recently read entry beyond max', () => {
    const cache = new BoundedCache<string, number>({ max: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now more recent than b
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('forgets an entry ttlMs after it was set, however often it is read', () => {
    let t = 0;
    const cache = new BoundedCache<string, string>({ max: 10, ttlMs: 100, now: () => t });
    cache.set('k', 'v');
    t = 99;
    expect(cache.get('k')).toBe('v');
    t = 100;
    expect(cache.get('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('restarts the time to live when a key is set again, and deletes on request', () => {
    let t = 0;
    const cache = new BoundedCache<string, string>({ max: 10, ttlMs: 100, now: () => t });
    cache.set('k', 'old');
    t = 80;
    cache.set('k', 'new');
    t = 150;
    expect(cache.get('k')).toBe('new');
    cache.delete('k');
    expect(cache.get('k')).toBeUndefined();
  });

  it('keeps entries without ttlMs until evicted', () => {
    let t = 0;
    const cache = new BoundedCache<number, number>({ max: 3, now: () => t });
    for (let i = 0; i < 5; i++) cache.set(i, i);
    t = 1e15;
    expect([0, 1, 2, 3, 4].map((i) => cache.get(i))).toEqual([undefined, undefined, 2, 3, 4]);
  });
});
