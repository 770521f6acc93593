/**
 * The province's quarantine queue a page at a time, on DynamoDB Local: walking the cursor returns
 * every undecided ballot of the caller's province exactly once, newest first, across units, and
 * none of another province; a decision between two pages makes the walk skip nothing; a cursor of
 * another period is refused naming `cursor`; a page reads from each unit only what fills it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { serviceDay } from '../../functions/domain/service-day';
import { buildWorld, type Place, type World } from '../fixtures/authz-world';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { quarantinedBallot } from '../fixtures/quarantined-ballot';
import { recordingClient } from '../fixtures/recording-client';

const V1 = '/api/console/v1';
let stack: ConsoleStack;
let world: World;
/** The ballots quarantined in Hebei (two units) and in Shanxi, in the order they were sent. */
const hebei: string[] = [];
const shanxi: string[] = [];

interface QueuePage {
  items: { responseId: string; unitId: string; submittedAt: string }[];
  nextCursor?: string;
}

const day = () => serviceDay(new Date());
const page = async (query: string, user = 'province-admin') =>
  stack.as(user).get(`${V1}/integrity/quarantine?from=${day()}&to=${day()}${query}`);

/** Every page of the queue at `limit`, calling `between` after each page that has a next one. */
async function walk(limit: number, between?: (n: number) => Promise<void>) {
  const pages: QueuePage[] = [];
  let cursor: string | undefined;
  do {
    const res = await page(`&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    pages.push(res.body);
    cursor = res.body.nextCursor;
    if (cursor) await between?.(pages.length);
  } while (cursor && pages.length < 50);
  return pages;
}

beforeAll(async () => {
  stack = await createConsoleStack();
  world = await buildWorld(stack);
  const sibling: Place = { ...world.in, unitId: world.in.siblingUnitId };
  for (const place of [world.in, sibling, world.in, world.in, sibling, world.in, sibling]) {
    hebei.push((await quarantinedBallot(stack, place)).responseId);
  }
  for (let i = 0; i < 2; i++) shanxi.push((await quarantinedBallot(stack, world.out)).responseId);
}, 120_000);

describe('quarantine queue pages', () => {
  it('returns every undecided ballot of the province once, newest first, across its units', async () => {
    const pages = await walk(2);
    const items = pages.flatMap((p) => p.items);
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 2, 1]);
    expect(pages.at(-1)?.nextCursor).toBeUndefined();
    expect(items.map((i) => i.responseId).sort()).toEqual([...hebei].sort());
    expect(new Set(items.map((i) => i.unitId))).toEqual(new Set([world.in.unitId, world.in.siblingUnitId]));
    const order = items.map((i) => `${i.submittedAt}#${i.responseId}`);
    expect(order).toEqual([...order].sort().reverse());
    for (const id of shanxi) expect(items.map((i) => i.responseId)).not.toContain(id);
    // One page of all of them says there is no other.
    const whole = await page('&limit=200');
    expect(whole.body.items).toHaveLength(hebei.length);
    expect(whole.body.nextCursor).toBeUndefined();
  });

  it('skips nothing when a ballot of an earlier page is decided between two pages', async () => {
    const first = (await page('&limit=3')).body as QueuePage;
    const decided = first.items[0]!.responseId;
    const res = await stack
      .as('province-admin')
      .post(`${V1}/integrity/quarantine/${decided}/reject`, { note: '人工复核' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const rest = await walk(3);
    // The walk from the start now lacks the decided one and holds every other.
    const seen = rest.flatMap((p) => p.items.map((i) => i.responseId));
    expect(seen.sort()).toEqual(hebei.filter((id) => id !== decided).sort());
    // The first page's cursor, used after the decision, reads on after its last ballot.
    const after = (await page(`&limit=200&cursor=${first.nextCursor}`)).body as QueuePage;
    expect(after.items.map((i) => i.responseId).sort()).toEqual(
      hebei.filter((id) => !first.items.some((i) => i.responseId === id)).sort(),
    );
  });

  it("refuses a cursor of another period, naming the field, and a page size it doesn't take", async () => {
    const first = (await page('&limit=2')).body as QueuePage;
    expect(first.nextCursor).toBeDefined();
    const res = await stack
      .as('province-admin')
      .get(`${V1}/integrity/quarantine?from=2026-01-01&to=2026-01-02&limit=2&cursor=${first.nextCursor}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('cursor');
    expect(JSON.stringify(res.body)).toContain('分页游标无效');
    const tooMany = await page('&limit=500');
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body)).toContain('limit');
  });

  it('reads from each unit only what fills the page', async () => {
    const { client, sent } = recordingClient(stack.db);
    const token = await stack.token('province-admin');
    const res = await stack
      .console({ client })
      .request(`${V1}/integrity/quarantine?from=${day()}&to=${day()}&limit=1`, {
        headers: { authorization: `Bearer ${token}` },
      });
    expect(res.status).toBe(200);
    const queries = sent.filter(
      (s) =>
        s.command === 'QueryCommand' && s.input.IndexName === 'gsi1' && s.input.ScanIndexForward === false,
    );
    // One Query per unit with ballots waiting, each stopping at the first page that holds two.
    expect(
      queries.map((q) => (q.input.ExpressionAttributeValues as { ':pk': { S: string } })[':pk'].S).sort(),
    ).toEqual([`UNIT#${world.in.unitId}`, `UNIT#${world.in.siblingUnitId}`].sort());
    for (const q of queries) expect(q.input.Limit).toBe(200);
  });
});
