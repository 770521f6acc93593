/**
 * Part 4: fast-check requests, shaped by each route's OpenAPI schema and mutated, against every
 * public and console route through app.request(). No 5xx; no 2xx for a request that breaks its
 * schema; and no stored change from any rejected request (every successful write command the
 * app's DynamoDB client sends is recorded and attributed to the request that caused it).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDynamoClient } from '../../functions/db/client';
import { buildWorld, type World } from '../fixtures/authz-world';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { arbitraryFromSchema, type JsonSchema, mutate } from './json-schema-arbitrary';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const WRITE_COMMANDS = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'TransactWriteItemsCommand',
  'BatchWriteItemCommand',
]);

interface Operation {
  method: string;
  path: string;
  body?: JsonSchema;
  query: { name: string; required: boolean; schema: JsonSchema }[];
}

let stack: ConsoleStack;
let world: World;
let writes: string[] = [];
let apps: { public: ReturnType<ConsoleStack['app']>; console: ReturnType<ConsoleStack['console']> };

beforeAll(async () => {
  stack = await createConsoleStack();
  world = await buildWorld(stack);
  const client = createDynamoClient({ endpoint: stack.db.endpoint });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      if (WRITE_COMMANDS.has(String(context.commandName))) writes.push(String(context.commandName));
      return out;
    },
    { step: 'initialize', name: 'recordWrites' },
  );
  apps = { public: stack.app({ client }), console: stack.console({ client }) };
});

async function operations(
  app: {
    request: ConsoleStack['app'] extends (...a: never[]) => infer A
      ? A extends { request: infer R }
        ? R
        : never
      : never;
  },
  docPath: string,
): Promise<Operation[]> {
  const doc = (await (await app.request(docPath)).json()) as {
    paths: Record<
      string,
      Record<
        string,
        {
          requestBody?: { content: Record<string, { schema: JsonSchema }> };
          parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
        }
      >
    >;
  };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      body: op.requestBody?.content['application/json']?.schema,
      query: (op.parameters ?? [])
        .filter((p) => p.in === 'query')
        .map((p) => ({ name: p.name, required: Boolean(p.required), schema: p.schema })),
    })),
  );
}

/** Values for path parameters: real ids from the world and the seed, and junk. */
const pathValue = (name: string) =>
  fc.oneof(
    fc.constantFrom(
      world.in.unitId,
      world.out.unitId,
      world.in.servicePointId,
      stack.forms[0]!.token,
      'window-service',
      '1',
      '130628',
    ),
    fc.string({ maxLength: 40 }),
    fc.constant(name === 'token' ? `${stack.forms[0]!.token.slice(0, -2)}AA` : '..%2F..'),
  );

function requestArbitrary(op: Operation) {
  const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const body = op.body
    ? fc.oneof(
        arbitraryFromSchema(op.body).map((b) => ({ b, valid: true })),
        arbitraryFromSchema(op.body).chain((b) => mutate(b).map((m) => ({ b: m, valid: false }))),
        fc.jsonValue().map((b) => ({ b, valid: false })),
      )
    : fc.constant(undefined);
  const query = fc.tuple(
    ...op.query.map((q) =>
      fc.option(arbitraryFromSchema(q.schema), { nil: undefined }).map((v) => [q.name, v] as const),
    ),
  );
  return fc.record({
    params: fc.tuple(...params.map(pathValue)),
    body,
    query,
    user: fc.constantFrom('province-admin', 'county-admin', 'unit-staff', 'auditor', 'agency-analyst'),
  });
}

describe('API fuzzing', () => {
  it('never answers 5xx, never accepts a broken request, and stores nothing for a rejected one', async () => {
    const tried: Record<string, number> = {};
    const failures: string[] = [];
    const sets = [
      { app: apps.public, ops: await operations(apps.public, '/api/openapi.json'), auth: false },
      { app: apps.console, ops: await operations(apps.console, '/api/console/openapi.json'), auth: true },
    ];
    for (const { app, ops, auth } of sets) {
      for (const op of ops) {
        if (op.path.endsWith('openapi.json') || op.path === '/api/health') continue;
        const key = `${op.method} ${op.path}`;
        tried[key] = 0;
        await fc.assert(
          fc.asyncProperty(requestArbitrary(op), async (r) => {
            let i = 0;
            const path = op.path.replace(/\{\w+\}/g, () => encodeURIComponent(String(r.params[i++] ?? 'x')));
            const qs = new URLSearchParams(
              r.query
                .filter(([, v]) => v !== undefined)
                .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
            ).toString();
            writes = [];
            const res = await app.request(`${path}${qs ? `?${qs}` : ''}`, {
              method: op.method,
              headers: {
                ...(auth ? { authorization: `Bearer ${await stack.token(r.user)}` } : {}),
                ...(r.body !== undefined ? { 'content-type': 'application/json' } : {}),
              },
              body: r.body !== undefined ? JSON.stringify(r.body.b) : undefined,
            });
            tried[key]!++;
            const text = await res.text();
            if (res.status >= 500) failures.push(`${key} → ${res.status} ${text.slice(0, 200)}`);
            if (res.status < 300 && r.body && !r.body.valid)
              failures.push(`${key} accepted a broken body: ${JSON.stringify(r.body.b).slice(0, 200)}`);
            if (res.status >= 400 && writes.length > 0)
              failures.push(`${key} → ${res.status} but wrote ${writes.join(',')}`);
            return true;
          }),
          { numRuns: RUNS, seed: 20261128 },
        );
      }
    }
    console.log(
      `reliability/fuzz: requests=${Object.values(tried).reduce((a, b) => a + b, 0)} routes=${Object.keys(tried).length} 5xx/broken-accepted/stored-on-reject=${failures.length}\n` +
        Object.entries(tried)
          .map(([k, n]) => `  ${n} × ${k}`)
          .join('\n'),
    );
    expect(failures).toEqual([]);
  });
});
