/**
 * Part 5 (bodies): oversized, deeply nested and badly encoded bodies (GBK, overlong UTF-8,
 * NUL bytes) get 4xx on the public and console write routes, and store nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { countEntity } from '../integration/count';

let stack: ConsoleStack;
beforeAll(async () => {
  stack = await createConsoleStack();
});

const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const gbk = new Uint8Array([0x7b, 0x22, 0x71, 0x22, 0x3a, 0x22, 0xc4, 0xe3, 0xba, 0xc3, 0x22, 0x7d]); // {"q":"你好"} in GBK
const overlong = new Uint8Array([0x7b, 0x22, 0x71, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d]); // '/' encoded in 2 bytes
const nulInJson = new TextEncoder().encode('{"submissionId":"abcdefgh\u0000x"}');
const rawNul = new Uint8Array([0x7b, 0x00, 0x7d]);

const corpus: [string, BodyInit][] = [
  ['a 2 MB body', JSON.stringify({ submissionId: 'x'.repeat(2 * 1024 * 1024) })],
  ['10 000 levels of nesting', nested(10_000)],
  ['GBK bytes', gbk],
  ['overlong UTF-8', overlong],
  ['a NUL escape in a string', nulInJson],
  ['a raw NUL byte', rawNul],
  ['an empty body', ''],
  ['a JSON array', '[]'],
  ['a bare string', '"hello"'],
];

describe('hostile bodies', () => {
  it.each(corpus)('public submission: %s → 4xx, nothing stored', async (_name, body) => {
    const before = await countEntity(stack.db, stack.db.tables.responses, 'Response');
    const res = await stack.app().request(`/api/v1/forms/${stack.forms[0]!.token}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const code = (await res.json()).error.code;
    expect(code).toBeTypeOf('string');
    if (body === gbk || body === overlong) expect(code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await countEntity(stack.db, stack.db.tables.responses, 'Response')).toBe(before);
  });

  it.each(corpus)('console write: %s → 4xx, nothing stored', async (_name, body) => {
    const before = await countEntity(stack.db, stack.db.tables.directory, 'OrgNode');
    const res = await stack.console().request('/api/console/v1/org/nodes', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await stack.token('province-admin')}`,
      },
      body,
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    if (body instanceof Uint8Array && (body === gbk || body === overlong)) {
      expect((await res.json()).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    expect(await countEntity(stack.db, stack.db.tables.directory, 'OrgNode')).toBe(before);
  });
});
