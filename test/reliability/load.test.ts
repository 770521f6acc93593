/**
 * Part 1: 10 000 submissions through the local server at 50 concurrent; 20 % re-sent (some while
 * the first copy is in flight), 2 % re-sent with changed answers. Every count must match the
 * client's own log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceDay } from '../../functions/domain/service-day';
import { type LocalStack, startLocalStack } from '../../local/stack';
import {
  newSubmission,
  type Outcome,
  percentile,
  pool,
  postUntilAnswered,
  type Sent,
  seeded,
} from './client';
import { readStored } from './stored';

const TOTAL = Number(process.env.RELIABILITY_N ?? 10_000);
const CONCURRENCY = 50;

let stack: LocalStack;
const limitsBefore = process.env.INTEGRITY_LIMITS;
beforeAll(async () => {
  // Every request comes from 127.0.0.1 to a few windows within minutes: under the default quiet
  // limits nearly all would be quarantined, and the official figures would prove little. The
  // deployment setting lifts the per-network, per-code and burst caps for this run (the limits
  // themselves are tested in test/integration/integrity-*.test.ts); every ballot is still checked.
  process.env.INTEGRITY_LIMITS = JSON.stringify({ perNetwork4: 1e6, perStaticToken: 1e6, burst: 1e6 });
  stack = await startLocalStack({ port: 0, dataDir: null, quiet: true });
});
afterAll(async () => {
  if (limitsBefore === undefined) delete process.env.INTEGRITY_LIMITS;
  else process.env.INTEGRITY_LIMITS = limitsBefore;
  await stack?.stop();
});

describe('concurrency and retries', () => {
  // The stream adds each ballot to its quiet-limit counters, and the test waits for it: 10 000 take over 10 minutes here.
  it('loses nothing and counts nothing twice', { timeout: 1_800_000 }, async () => {
    const rnd = seeded(20261128);
    const started = new Date();
    const plan = Array.from({ length: TOTAL }, () => {
      const s = newSubmission(stack.demoForms[Math.floor(rnd() * stack.demoForms.length)]!, rnd);
      const r = rnd();
      // 10 % re-sent while the first copy is in flight, 10 % re-sent after it, 2 % re-sent changed.
      const resend = r < 0.1 ? 'inflight' : r < 0.2 ? 'after' : r < 0.22 ? 'changed' : 'none';
      return { s, resend };
    });

    const latencies: number[] = [];
    const acked = new Map<string, Outcome['receipt']>();
    let conflicts = 0;
    let mismatchedReplays = 0;
    let unexpected = 0;
    const record = (o: Outcome[]) => {
      for (const x of o) latencies.push(x.ms);
      return o[o.length - 1]!;
    };
    const accept = (s: Sent, o: Outcome) => {
      if (o.status !== 201) {
        unexpected++;
        return;
      }
      const prior = acked.get(s.submissionId);
      if (prior && prior.receipt !== o.receipt?.receipt) mismatchedReplays++;
      acked.set(s.submissionId, o.receipt);
    };

    await pool(plan, CONCURRENCY, async ({ s, resend }) => {
      if (resend === 'inflight') {
        const [a, b] = await Promise.all([
          postUntilAnswered(stack.baseUrl, s),
          postUntilAnswered(stack.baseUrl, s),
        ]);
        accept(s, record(a));
        accept(s, record(b));
        return;
      }
      accept(s, record(await postUntilAnswered(stack.baseUrl, s)));
      if (resend === 'after') accept(s, record(await postUntilAnswered(stack.baseUrl, s)));
      if (resend === 'changed') {
        // A new comment makes the content differ for sure (the levels may already have been 1).
        const changed = {
          ...s.body,
          answers: {
            ...(s.body.answers as object),
            q_overall: 1,
            q_suggestion: `改了主意 ${s.submissionId.slice(0, 8)}`,
          },
        };
        const o = record(await postUntilAnswered(stack.baseUrl, s, changed));
        if (o.status === 409) conflicts++;
        else unexpected++;
      }
    });

    const days = [...new Set([serviceDay(started), serviceDay(new Date())])].sort();
    // The stream work (retroactive quarantine) moves ballots between official and quarantine
    // counts in single transactions; let it finish so the two reads below see one state.
    await stack.settle();
    const stored = await readStored(stack, days);
    const lost = [...acked.keys()].filter((id) => !stored.responsesBySubmission.has(id)).length;
    const duplicated = [...stored.responsesBySubmission.values()].filter((n) => n > 1).length;
    const phantom = [...stored.responsesBySubmission.keys()].filter((id) => !acked.has(id)).length;
    const changedResends = plan.filter((p) => p.resend === 'changed').length;
    // The dashboard a province admin sees, computed from the aggregates.
    const token = await stack.signIn('province-admin');
    const dashboard = (await (
      await fetch(
        `${stack.baseUrl}/api/console/v1/dashboard?nodeId=130000&from=${days[0]}&to=${days[days.length - 1]}`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      )
    ).json()) as { totals: { responses: number } };

    console.log(
      `reliability/load: sent=${TOTAL} requests=${latencies.length} acked=${acked.size} stored=${stored.responsesBySubmission.size} ` +
        `lost=${lost} duplicated=${duplicated} phantom=${phantom} 409s=${conflicts}/${changedResends} changed re-sends ` +
        `sp-aggregates=${stored.servicePointAggregateTotal} unit-aggregates=${stored.unitAggregateTotal} quarantined=${stored.quarantinedTotal} dashboard=${dashboard.totals.responses} ` +
        `p50=${percentile(latencies, 50).toFixed(1)}ms p99=${percentile(latencies, 99).toFixed(1)}ms`,
    );

    expect(unexpected).toBe(0);
    expect(mismatchedReplays).toBe(0);
    expect(acked.size).toBe(TOTAL);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(phantom).toBe(0);
    expect(conflicts).toBe(changedResends);
    expect(stored.servicePointAggregateTotal + stored.quarantinedTotal).toBe(TOTAL);
    expect(stored.unitAggregateTotal + stored.quarantinedTotal).toBe(TOTAL);
    expect(dashboard.totals.responses).toBe(stored.unitAggregateTotal);
  });
});
