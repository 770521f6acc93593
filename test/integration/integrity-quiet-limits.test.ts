/**
 * Quiet limits are asserted by the submission's own transaction (`n < cap`), not read before it:
 * concurrent ballots cannot slip past a cap together, and a process that knows nothing yet learns
 * from a cancelled transaction and still gives the exact verdict.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../functions/domain/integrity/settings';
import { cst, SIM_ADDRESS_HEADER, type SimTarget, simTarget } from '../../scripts/stuffing-simulator';
import { createPublicStack, type PublicStack } from '../fixtures/public-stack';

let stack: PublicStack;
const at = cst('2026-11-18', '10:00');
const target = (): SimTarget => simTarget(stack.db.client, stack.db.tables, stack.qrKey, stack.forms, at);

beforeAll(async () => {
  stack = await createPublicStack();
});

/** A genuine-looking ballot: varied answers, a plausible completion time, a device id. */
const ballot = (i: number, deviceId: string, address: string) => ({
  headers: { 'content-type': 'application/json', [SIM_ADDRESS_HEADER]: address },
  body: JSON.stringify({
    submissionId: randomUUID(),
    answers: {
      q_overall: 5 - (i % 3),
      q_attitude: 4 - (i % 2),
      q_efficiency: 3 + (i % 3),
      q_transparency: 4,
      q_safety: 5 - (i % 2),
      q_recommend: i % 11,
    },
    startedAt: new Date(at.getTime() - 180_000).toISOString(),
    locale: 'zh-CN',
    version: 1,
    deviceId,
  }),
});

async function send(t: SimTarget, token: string, b: ReturnType<typeof ballot>) {
  const res = await t.request(`/api/v1/forms/${token}/responses`, { method: 'POST', ...b });
  if (res.status !== 201) throw new Error(`${res.status}: ${await res.text()}`);
  const { responseId } = (await res.json()) as { responseId: string };
  return t.verdict(responseId);
}

describe('quiet limits asserted by the transaction', () => {
  it('counts exactly the per-device cap of eight concurrent ballots from one device', async () => {
    const t = target();
    const form = stack.forms[0]!;
    const device = `dev-${randomUUID()}`;
    const verdicts = await Promise.all(
      Array.from({ length: 8 }, (_, i) => send(t, form.token, ballot(i, device, `10.1.${i}.9`))),
    );
    const counted = verdicts.filter((v) => !v?.quarantined);
    expect(counted).toHaveLength(DEFAULT_LIMITS.perDevice);
    for (const v of verdicts.filter((x) => x?.quarantined)) expect(v!.flags).toContain('deviceLimit');
    expect(await t.officialResponses(form.servicePointId, '2026-11-18')).toBe(DEFAULT_LIMITS.perDevice);
  });

  it('gives a fresh process (nothing learnt yet) the same verdict as the one that saw the cap reached', async () => {
    const form = stack.forms[1]!;
    const device = `dev-${randomUUID()}`;
    const first = target();
    for (let i = 0; i < DEFAULT_LIMITS.perDevice; i++) {
      expect((await send(first, form.token, ballot(i, device, `10.2.${i}.9`)))?.quarantined).toBe(false);
    }
    const fresh = target();
    const over = await send(fresh, form.token, ballot(9, device, '10.2.9.9'));
    expect(over).toMatchObject({ quarantined: true });
    expect(over!.flags).toContain('deviceLimit');
    // Learnt now: the next one is flagged without a cancelled transaction, with the same verdict.
    const again = await send(fresh, form.token, ballot(10, device, '10.2.10.9'));
    expect(again!.flags).toContain('deviceLimit');
    expect(await fresh.officialResponses(form.servicePointId, '2026-11-18')).toBe(DEFAULT_LIMITS.perDevice);
  });
});
