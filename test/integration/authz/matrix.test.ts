/// <reference types="vite/client" />
/**
 * The authorization matrix: every console route × every demo role × an object inside the
 * user's subtree and one outside it. A console route missing from the matrix fails the test.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_BASE } from '../../../functions/http/console-app';
import { demoUsers } from '../../../local/seed/demo-users';
import { buildWorld, type World } from '../../fixtures/authz-world';
import { type ConsoleStack, createConsoleStack } from '../../fixtures/console-stack';
import { type AuthzCase, roleMayUse } from './case';

const modules = import.meta.glob<Record<string, AuthzCase[]>>('./*.matrix.ts', { eager: true });
const cases: AuthzCase[] = Object.values(modules).flatMap((m) => Object.values(m).flat());

let stack: ConsoleStack;
let world: World;
beforeAll(async () => {
  // With the demo simulation wired, so that its route answers by role instead of 404.
  stack = await createConsoleStack({ simulations: true, smsOutbox: true });
  world = await buildWorld(stack);
});

describe('authorization matrix', () => {
  it('covers every console route', () => {
    const registered = stack
      .console()
      .routes.filter((r) => r.method !== 'ALL' && r.path.startsWith(CONSOLE_BASE))
      .map((r) => `${r.method} ${r.path}`);
    const covered = new Set(cases.map((c) => c.route));
    expect(registered.filter((r) => !covered.has(r))).toEqual([]);
    expect([...covered].filter((r) => !registered.includes(r))).toEqual([]);
  });

  const rows = cases.flatMap((c) =>
    demoUsers.flatMap((u) => (['in', 'out'] as const).map((where) => ({ c, u, where }))),
  );

  it.each(rows.map((r) => [`${r.c.route} as ${r.u.role} on an object ${r.where} scope`, r] as const))(
    '%s',
    async (_name, { c, u, where }) => {
      const { path, body } = await c.request(world[where], stack, u);
      const method = c.route.split(' ')[0]!;
      const res = await stack.as(u.id).send(method, path, body ?? (method === 'GET' ? undefined : {}));
      const allowedByRole = roleMayUse(u.role, c.action);
      if (!allowedByRole) {
        expect(res.status, JSON.stringify(res.body)).toBe(403);
      } else if (where === 'out' && !c.unscoped) {
        expect([403, 404], JSON.stringify(res.body)).toContain(res.status);
      } else {
        expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(200);
        expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
      }
    },
  );
});
