/**
 * 一事一评 under load on the local stack (`npx tsx bench/reach-load.ts`, BENCH_REACH_N ballots each):
 * - submissions per second, `BENCH_REACH_C` at a time (default 8), over the demo windows: QR-code
 *   ballots (the current path) against 一事一评 ballots, each one integration call with a consented
 *   mobile number (an SMS invitation scheduled) and the rating through its one-time link;
 * - push lag p50 / p99: from each counted rating's 201 to its record kept at the local provincial
 *   receiver, through the stack's own Responses-stream poller, push outbox and pusher timer (3 s),
 *   with the receiver's record list read every 100 ms.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { PushMessage } from '../functions/domain/reach/push-record';
import { ownNetworkPerRequest } from '../local/own-network';
import { type LocalStack, startLocalStack } from '../local/stack';
import { openStamp } from '../test/fixtures/factories';
import { addBenchWindows, benchAnswers, postJson, runAtATime } from './load';

/**
 * A rating as a phone sends it after opening the form: the form's GET is made (its cost is part
 * of the path) and the rating carries a signed open time 90 s back, signed with the bench stack's
 * key as the server would have signed it had the citizen opened the form then; a bench that rates
 * the instant it opens is quarantined as too fast and never pushed.
 */
async function openAndRate(
  stack: LocalStack,
  qrKey: Buffer,
  token: string,
  ballot: string | null,
  i: number,
) {
  const query = ballot ? `?b=${encodeURIComponent(ballot)}` : '';
  const opened = await fetch(`${stack.baseUrl}/api/v1/forms/${token}${query}`);
  if (!opened.ok) throw new Error(`form GET answered ${opened.status}: ${await opened.text()}`);
  await opened.arrayBuffer();
  return postJson(`${stack.baseUrl}/api/v1/forms/${token}/responses`, {
    submissionId: randomUUID(),
    answers: benchAnswers(i),
    startedAt: new Date(Date.now() - 90_000).toISOString(),
    opened: openStamp(qrKey, token, new Date(Date.now() - 90_000)),
    locale: 'zh-CN',
    version: 1,
    deviceId: `reach${i}${randomUUID().slice(0, 12)}`,
    ...(ballot ? { ballot } : {}),
  });
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] ?? NaN;

export interface ReachLoad {
  qrPerSecond: number;
  reachPerSecond: number;
  ratio: number;
  pushed: number;
  counted: number;
  lagP50Ms: number;
  lagP99Ms: number;
}

export async function reachLoad(
  stack: LocalStack,
  n: number,
  c = 8,
  qrKey: Buffer = reachStackOptions.qrKey,
): Promise<ReachLoad> {
  const unit = stack.demoForms.find((f) => f.servicePointId.startsWith('13'))!.servicePointId.split('-')[0]!;
  // Each phase on windows of its own, at most 8 ballots each: a window's sliding burst cap (12 in
  // 10 minutes) would otherwise quarantine a bench that rates far faster than one window serves.
  const perPhase = Math.ceil(n / 8);
  const qrWindows = await addBenchWindows(stack, qrKey, perPhase, [unit]);
  const windows = await addBenchWindows(stack, qrKey, perPhase, [unit]);
  const token = await stack.signIn('province-admin');
  const key = (
    await postJson(
      `${stack.baseUrl}/api/console/v1/units/${unit}/integration-keys`,
      { label: 'bench' },
      { authorization: `Bearer ${token}` },
    )
  ).secret as string;

  const qrPerSecond = await runAtATime(n, c, async (i) => {
    await openAndRate(stack, qrKey, qrWindows[i % perPhase]!.token, null, i);
  });

  // Records at the receiver, first seen (the pusher's own timer decides when they come).
  const seen = new Map<string, number>();
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const body = (await (await fetch(stack.pushReceiverUrl)).json()) as { records: PushMessage[] };
      const now = performance.now();
      for (const r of body.records) if (!seen.has(r.idempotencyKey)) seen.set(r.idempotencyKey, now);
      await new Promise((ok) => setTimeout(ok, 100));
    }
  })();
  const rated = new Map<string, number>();
  const reachPerSecond = await runAtATime(n, c, async (i) => {
    const w = windows[i % perPhase]!;
    const ballot = await postJson(
      `${stack.baseUrl}/api/v1/integrations/transactions`,
      {
        transactionNo: `BENCH${Date.now()}${i}`,
        servicePointId: w.servicePointId,
        matter: '居民身份证换领',
        mobile: `139${String(10_000_000 + i).slice(-8)}`,
        mobileConsent: true,
      },
      { authorization: `Bearer ${key}` },
    );
    const url = new URL(ballot.url as string, stack.baseUrl);
    const receipt = await openAndRate(stack, qrKey, url.searchParams.get('t')!, url.searchParams.get('b'), i);
    rated.set(receipt.responseId as string, performance.now());
  });
  // Wait until every rating is at the receiver, or until no record at all (the QR phase's
  // backlog included) has arrived for 15 s: quarantined ballots are never pushed.
  for (let quiet = 0, last = -1; quiet < 30; ) {
    await new Promise((ok) => setTimeout(ok, 500));
    quiet = seen.size === last ? quiet + 1 : 0;
    last = seen.size;
    if ([...rated.keys()].every((id) => seen.has(id))) break;
  }
  watching = false;
  await watcher;
  const lags = [...rated].filter(([id]) => seen.has(id)).map(([id, t]) => seen.get(id)! - t);
  return {
    qrPerSecond,
    reachPerSecond,
    ratio: reachPerSecond / qrPerSecond,
    pushed: lags.length,
    counted: rated.size,
    lagP50Ms: pct(lags, 0.5),
    lagP99Ms: pct(lags, 0.99),
  };
}

/**
 * Every request reaches the local server from 127.0.0.1, which the network caps would quarantine
 * after 30 ballots; citizens rate on their own phones, so each request gets a network of its own.
 */
export const reachStackOptions = {
  port: 0,
  qrKey: randomBytes(32),
  dataDir: null,
  quiet: true,
  clientAddress: ownNetworkPerRequest,
} as const;

export function printReachLoad(r: ReachLoad, n: number, c: number): void {
  console.log(
    `一事一评 under load (n=${n} each, ${c} at a time): ${r.reachPerSecond.toFixed(1)} ballots/s (integration call + SMS invitation + rating) vs ${r.qrPerSecond.toFixed(1)} QR ratings/s → ratio ${r.ratio.toFixed(2)}`,
  );
  console.log(
    `provincial push lag, rating 201 → record at the local receiver (${r.pushed} of ${r.counted} pushed; stream poller + pusher every 3 s): p50 ${(r.lagP50Ms / 1000).toFixed(2)} s, p99 ${(r.lagP99Ms / 1000).toFixed(2)} s`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const n = Number(process.env.BENCH_REACH_N ?? 200);
  const c = Number(process.env.BENCH_REACH_C ?? 8);
  const stack = await startLocalStack(reachStackOptions);
  try {
    printReachLoad(await reachLoad(stack, n, c), n, c);
  } finally {
    await stack.stop();
  }
}
