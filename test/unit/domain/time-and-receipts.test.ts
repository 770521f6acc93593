import { describe, expect, it } from 'vitest';
import { contentHash, newReceipt } from '../../../functions/domain/receipt';
import { serviceDay } from '../../../functions/domain/service-day';

describe('serviceDay', () => {
  it('uses Beijing time: 23:30 UTC is already the next day', () => {
    expect(serviceDay(new Date('2026-09-30T23:30:00Z'))).toBe('2026-10-01');
    expect(serviceDay(new Date('2026-10-01T15:59:59Z'))).toBe('2026-10-01');
    expect(serviceDay(new Date('2026-10-01T16:00:00Z'))).toBe('2026-10-02');
  });
});

describe('receipts', () => {
  it('are grouped Crockford base32 without ambiguous letters', () => {
    for (let i = 0; i < 200; i++)
      expect(newReceipt()).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}$/);
  });

  it('do not repeat in a large sample', () => {
    const seen = new Set(Array.from({ length: 10_000 }, newReceipt));
    expect(seen.size).toBe(10_000);
  });
});

describe('contentHash', () => {
  it('ignores key order but not values', () => {
    expect(contentHash({ a: 1, b: [1, 2] })).toBe(contentHash({ b: [1, 2], a: 1 }));
    expect(contentHash({ a: 1, b: [1, 2] })).not.toBe(contentHash({ a: 1, b: [2, 1] }));
  });
});
