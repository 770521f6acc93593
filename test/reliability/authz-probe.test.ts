/**
 * Part 6: every console route, for every role, against objects inside and outside the caller's
 * scope — including organisation ids guessed by incrementing them or swapping in other counties'
 * and provinces' codes. A leak is any 2xx for a request that names an object outside the caller's
 * subtree (or one that does not exist).
 */
/// <reference types="vite/client" />
import { beforeAll, describe, expect, it } from 'vitest';
import { isWithin } from '../../functions/domain/org';
import { demoUsers } from '../../local/seed/demo-users';
import { buildWorld, type World } from '../fixtures/authz-world';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { type AuthzCase, roleMayUse } from '../integration/authz/case';

const modules = import.meta.glob<Record<string, AuthzCase[]>>('../integration/authz/*.matrix.ts', {
  eager: true,
});
const cases: AuthzCase[] = Object.values(modules).flatMap((m) => Object.values(m).flat());

/** Organisation ids: 6-digit division codes, 9-digit unit ids, service point ids `unit-xx`. */
const ORG_ID = /\b1[0-9]{5}(?:[0-9]{3})?(?:-[0-9A-Za-z]+)?\b/g;

function guesses(id: string): string[] {
  const [base, suffix] = id.split('-') as [string, string | undefined];
  const n = Number(base);
  const variants = [
    String(n + 1),
    String(n - 1),
    base.replace(/^13/, '14'),
    base.length === 9 ? `130102${base.slice(6)}` : '130102',
  ].map((b) => (suffix ? `${b}-${suffix}` : b));
  if (suffix && /^\d+$/.test(suffix))
    variants.push(`${base}-${String(Number(suffix) + 1).padStart(suffix.length, '0')}`);
  return [...new Set(variants)].filter((v) => v !== id);
}

let stack: ConsoleStack;
let world: World;
const scopePaths = new Map<string, string[]>();
/** Ids from the root down to a demo user's scope node. */
const scopePath = (scope: string) => scopePaths.get(scope) ?? [];
beforeAll(async () => {
  stack = await createConsoleStack();
  world = await buildWorld(stack);
  const nodes = await stack.directory.getNodes(demoUsers.map((u) => u.scope));
  for (const [id, n] of nodes) scopePaths.set(id, n.path.split('/'));
});

describe('authorization probe', () => {
  it('leaks nothing to guessed or out-of-scope ids', async () => {
    const counts = { allowedAsExpected: 0, deniedAsExpected: 0, leaks: 0, refusedInScope: 0, requests: 0 };
    const leaks: string[] = [];
    for (const c of cases) {
      const method = c.route.split(' ')[0]!;
      for (const u of demoUsers) {
        for (const where of ['in', 'out'] as const) {
          const { path, body } = await c.request(world[where], stack, u);
          const ids = [...new Set(path.match(ORG_ID) ?? [])];
          const variants = [path, ...ids.flatMap((id) => guesses(id).map((g) => path.split(id).join(g)))];
          for (const p of variants) {
            const named = [...new Set(p.match(ORG_ID) ?? [])];
            const nodes = await stack.directory.getNodes(named);
            const allInScope = named.every((id) => {
              const n = nodes.get(id);
              return (
                n !== undefined &&
                (isWithin(n, u.scope) || (c.ancestorsVisible === true && scopePath(u.scope).includes(id)))
              );
            });
            const roleOk = roleMayUse(u.role, c.action);
            const mayPass = roleOk && (c.unscoped || (named.length > 0 ? allInScope : where === 'in'));
            const res = await stack.as(u.id).send(method, p, body ?? (method === 'GET' ? undefined : {}));
            counts.requests++;
            const ok = res.status >= 200 && res.status < 300;
            if (ok && !mayPass) {
              counts.leaks++;
              leaks.push(`${u.id} ${method} ${p} → ${res.status}`);
            } else if (ok) counts.allowedAsExpected++;
            else if (!mayPass) counts.deniedAsExpected++;
            else counts.refusedInScope++;
          }
        }
      }
    }
    console.log(
      `reliability/authz-probe: requests=${counts.requests} allowed-as-expected=${counts.allowedAsExpected} ` +
        `denied-as-expected=${counts.deniedAsExpected} refused-in-scope (semantic 4xx, e.g. a guessed id that does not exist as that kind)=${counts.refusedInScope} leaks=${counts.leaks}`,
    );
    expect(leaks).toEqual([]);
  });
});
