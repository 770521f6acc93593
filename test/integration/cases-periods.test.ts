import { beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';

let stack: ConsoleStack;
beforeAll(async () => {
  stack = await createConsoleStack();
});

describe('case listings with a period', () => {
  it.each(['/api/console/v1/cases', '/api/console/v1/cases/metrics'])(
    'answers an inverted period on %s with 400 naming the field (found by the fuzzer as a 500)',
    async (path) => {
      const res = await stack.as('province-admin').get(`${path}?from=2026-12-01&to=2025-01-01`);
      expect(res.status).toBe(400);
      expect(res.body.error.details[0]).toMatchObject({ field: 'from', code: 'out_of_range' });
    },
  );
});
