import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN_VERIFY_HEADER } from '../../functions/http/client-address';
import { originVerifier } from '../../functions/http/origin-verify';
import { cst, runStuffingSimulation, type SimTarget, simTarget } from '../../scripts/stuffing-simulator';
import { createPublicStack, type PublicStack } from '../fixtures/public-stack';

const CURRENT = 'c'.repeat(20) + randomUUID();
const PREVIOUS = 'p'.repeat(20) + randomUUID();

let stack: PublicStack;

beforeAll(async () => {
  stack = await createPublicStack();
}, 120_000);

/** Sends `n` varied, human-paced ballots to one window through the Lambda handler; returns the verdicts once counted. */
async function sendThroughLambda(
  target: SimTarget,
  day: string,
  n: number,
  request: (i: number) => { sourceIp?: string; headers: Record<string, string> },
) {
  const form = target.forms[5]!;
  const verdicts = [];
  for (let i = 0; i < n; i++) {
    const at = cst(day, '09:00', i * 150);
    target.clock.set(at);
    const { sourceIp, headers } = request(i);
    const res = await target.lambdaRequest!(
      `/api/v1/forms/${form.token}/responses`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({
          submissionId: randomUUID(),
          answers: {
            q_overall: 5 - (i % 3),
            q_attitude: 4 - (i % 2),
            q_efficiency: 5,
            q_transparency: 4,
            q_safety: 3 + (i % 3),
          },
          startedAt: new Date(at.getTime() - 95_000).toISOString(),
          locale: 'zh-CN',
          version: 1,
          deviceId: `phone-${randomUUID()}`,
        }),
      },
      sourceIp,
    );
    if (res.status !== 201) throw new Error(await res.text());
    const { responseId } = (await res.json()) as { responseId: string };
    // As the Responses stream delivers it: counted against its quiet limits.
    await target.settle([responseId]);
    verdicts.push(await target.verdict(responseId));
  }
  return verdicts;
}

const limited = (vs: { flags: string[] }[]) => vs.filter((v) => v.flags.includes('networkLimit')).length;

describe('client address on the Lambda path', { timeout: 300_000 }, () => {
  it('ignores viewer-address and forwarded-for headers without the origin secret: one source, one capped network', async () => {
    const target = simTarget(stack.db.client, stack.db.tables, stack.qrKey, stack.forms, new Date());
    const report = await runStuffingSimulation(target, { patterns: ['lambdaHeaders'], genuine: 0 });
    const p = report.patterns.lambdaHeaders!;
    expect(p).toMatchObject({ sent: 120, accepted: 120 });
    expect(p.accepted - p.quarantined).toBeLessThanOrEqual(30);
    expect(p.flags.networkLimit).toBe(p.quarantined);
  });

  it('believes CloudFront-Viewer-Address when the origin-verify header holds the current or previous secret', async () => {
    const target = simTarget(stack.db.client, stack.db.tables, stack.qrKey, stack.forms, new Date(), {
      originVerify: originVerifier(async () => [CURRENT, PREVIOUS]),
    });
    const verdicts = await sendThroughLambda(target, '2026-10-05', 36, (i) => ({
      sourceIp: '130.176.1.1',
      headers: {
        'cloudfront-viewer-address': `198.18.${i}.20:51234`,
        [ORIGIN_VERIFY_HEADER]: i % 2 ? CURRENT : PREVIOUS,
      },
    }));
    expect(limited(verdicts as { flags: string[] }[])).toBe(0);
    expect(verdicts.every((v) => !v?.quarantined)).toBe(true);
  });

  it('uses the source address when the origin-verify header is wrong, even with the verifier configured', async () => {
    const target = simTarget(stack.db.client, stack.db.tables, stack.qrKey, stack.forms, new Date(), {
      originVerify: originVerifier(async () => [CURRENT]),
    });
    const verdicts = await sendThroughLambda(target, '2026-10-06', 36, (i) => ({
      sourceIp: '203.0.113.50',
      headers: {
        'cloudfront-viewer-address': `198.18.${i}.20:51234`,
        [ORIGIN_VERIFY_HEADER]: i % 2 ? PREVIOUS : `${CURRENT}x`,
      },
    }));
    expect(limited(verdicts as { flags: string[] }[])).toBe(6);
  });

  it('counts ballots without any address in one capped unknown network, never exempt', async () => {
    const target = simTarget(stack.db.client, stack.db.tables, stack.qrKey, stack.forms, new Date());
    const verdicts = await sendThroughLambda(target, '2026-10-07', 34, () => ({ headers: {} }));
    expect(limited(verdicts as { flags: string[] }[])).toBe(4);
  });

  it('puts an unparseable verified viewer address in the unknown network', async () => {
    const target = simTarget(stack.db.client, stack.db.tables, stack.qrKey, stack.forms, new Date(), {
      originVerify: originVerifier(async () => [CURRENT]),
    });
    const verdicts = await sendThroughLambda(target, '2026-10-08', 33, (i) => ({
      sourceIp: `198.19.${i}.1`,
      headers: { 'cloudfront-viewer-address': `garbage-${i}`, [ORIGIN_VERIFY_HEADER]: CURRENT },
    }));
    expect(limited(verdicts as { flags: string[] }[])).toBe(3);
  });
});
