import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, queryFingerprint } from '../../../functions/services/responses/cursor';
import { comparePositions, MergedResponses } from '../../../functions/services/responses/merged-responses';
import type { ResponseFilters, ResponseRecord } from '../../../functions/services/responses/ports';
import { aRecord, MemoryResponses } from './memory-reporting';

const SINCE = '2026-10-01T00:00:00.000Z';
const UNTIL = '2026-11-01T00:00:00.000Z';

/** Pages through everything with resume points, as a client following cursors would. */
async function pageAll(
  reader: MemoryResponses,
  units: string[],
  filters: ResponseFilters,
  opts: { pageSize: number; refillBudget: number; limit: number },
): Promise<{ ids: string[]; calls: number }> {
  const ids: string[] = [];
  let from: Parameters<typeof decodeCursor> extends never
    ? never
    : ReturnType<typeof decodeCursor> | undefined;
  let calls = 0;
  do {
    const m = new MergedResponses(reader, units, SINCE, UNTIL, filters, opts, from);
    const page = await m.take(opts.limit);
    ids.push(...page.items.map((r) => r.responseId));
    // Round-trip through the cursor, as the API does.
    from = page.resume && decodeCursor(encodeCursor('f', page.resume), 'f');
    calls++;
  } while (from && calls < 500);
  return { ids, calls };
}

const expected = (records: ResponseRecord[], units: string[], f: ResponseFilters) =>
  records
    .filter((r) => units.includes(r.unitId) && r.submittedAt >= SINCE && r.submittedAt < UNTIL)
    .filter((r) => f.maxLevel === undefined || (r.lowestLevel !== undefined && r.lowestLevel <= f.maxLevel))
    .filter((r) => f.hasComment === undefined || r.hasComment === f.hasComment)
    .sort((a, b) => -comparePositions(a, b))
    .map((r) => r.responseId);

describe('merged responses', () => {
  it('pages over several units in one newest-first order, each response once', async () => {
    const records = Array.from({ length: 30 }, (_, i) =>
      aRecord(i, {
        unitId: `u${i % 3}`,
        submittedAt: new Date(Date.UTC(2026, 9, 5, 0, (i * 7) % 30)).toISOString(),
      }),
    );
    const reader = new MemoryResponses(records);
    const units = ['u0', 'u1', 'u2'];
    const { ids } = await pageAll(reader, units, {}, { pageSize: 4, refillBudget: 64, limit: 7 });
    expect(ids).toEqual(expected(records, units, {}));
  });

  it('returns a short page and a cursor when a selective filter exhausts the read budget, and still finds everything', async () => {
    const records = Array.from({ length: 60 }, (_, i) =>
      aRecord(i, {
        submittedAt: new Date(Date.UTC(2026, 9, 5, 0, i)).toISOString(),
        lowestLevel: i % 20 === 0 ? 1 : 5,
      }),
    );
    const reader = new MemoryResponses(records);
    const { ids, calls } = await pageAll(
      reader,
      ['u1'],
      { maxLevel: 2 },
      { pageSize: 5, refillBudget: 1, limit: 10 },
    );
    expect(ids).toEqual(expected(records, ['u1'], { maxLevel: 2 }));
    expect(calls).toBeGreaterThan(1);
  });

  it('agrees with a plain sort for any data, page size, budget and filter', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            unit: fc.constantFrom('u0', 'u1', 'u2', 'u3'),
            minute: fc.integer({ min: 0, max: 60 * 24 * 40 }),
            level: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
            comment: fc.boolean(),
          }),
          { maxLength: 60 },
        ),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 9 }),
        fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
        fc.option(fc.boolean(), { nil: undefined }),
        async (rows, pageSize, refillBudget, limit, maxLevel, hasComment) => {
          const records = rows.map((r, i) =>
            aRecord(i, {
              unitId: r.unit,
              // Some land before or after October, and several share an instant.
              submittedAt: new Date(Date.UTC(2026, 8, 25) + Math.floor(r.minute / 3) * 180_000).toISOString(),
              lowestLevel: r.level,
              hasComment: r.comment,
            }),
          );
          const units = ['u0', 'u1', 'u3'];
          const f = { maxLevel, hasComment };
          const { ids } = await pageAll(new MemoryResponses(records), units, f, {
            pageSize,
            refillBudget,
            limit,
          });
          expect(ids).toEqual(expected(records, units, f));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reads nothing for a resume point before the period', async () => {
    const reader = new MemoryResponses([aRecord(1, { submittedAt: '2026-10-05T00:00:00.000Z' })]);
    const m = new MergedResponses(
      reader,
      ['u1'],
      SINCE,
      UNTIL,
      {},
      { pageSize: 5, refillBudget: 5 },
      {
        submittedAt: '2026-09-01T00:00:00.000Z',
        responseId: aRecord(0).responseId,
        inclusive: false,
      },
    );
    expect(await m.take(5)).toEqual({ items: [] });
    expect(reader.queries).toBe(0);
  });
});

describe('cursor', () => {
  const at = { submittedAt: '2026-10-05T00:00:00.000Z', responseId: aRecord(1).responseId, inclusive: false };

  it('round-trips a resume point for the same query', () => {
    const f = queryFingerprint({ nodeId: '130628', from: '2026-10-01', to: '2026-10-31' });
    expect(decodeCursor(encodeCursor(f, at), f)).toEqual(at);
  });

  it('binds a cursor to its query', () => {
    const f = queryFingerprint({ nodeId: '130628', level: undefined });
    const g = queryFingerprint({ nodeId: '130628', level: 1 });
    expect(f).not.toBe(g);
    expect(() => decodeCursor(encodeCursor(f, at), g)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('rejects forged or garbled cursors', () => {
    const f = queryFingerprint({});
    const forge = (o: object) =>
      Buffer.from(JSON.stringify({ v: 1, f, at: at.submittedAt, id: at.responseId, inc: 0, ...o })).toString(
        'base64url',
      );
    for (const bad of [
      forge({ at: 'yesterday' }),
      forge({ id: '../x' }),
      forge({ inc: 2 }),
      forge({ v: 2 }),
      'bm90LWpzb24',
      'bnVsbA',
    ]) {
      expect(() => decodeCursor(bad, f)).toThrow();
    }
  });
});
