import { beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { openCaseByHand } from '../fixtures/manual-case';

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

describe('case listings count days in Beijing time', () => {
  /** 00:30 on 14 Oct 2026 in Beijing is still 13 Oct in UTC. */
  const openedAt = '2026-10-13T16:30:00.000Z';

  it('lists a case opened at 00:30 Beijing time on its own day and not on the day before', async () => {
    const id = await openCaseByHand(stack, openedAt, '凌晨来电反映噪音扰民');

    const listed = async (day: string) => {
      const page = await stack
        .as('unit-staff')
        .get<{ items: { id: string; openedAt: string }[] }>(`/api/console/v1/cases?from=${day}&to=${day}`);
      expect(page.status).toBe(200);
      return page.body.items.map((c) => c.id);
    };
    expect(await listed('2026-10-14')).toContain(id);
    expect(await listed('2026-10-13')).not.toContain(id);
  });
});
