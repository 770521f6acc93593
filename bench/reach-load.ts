/**
 * 一事一评 under load on the local stack (`npx tsx bench/reach-load.ts`, BENCH_REACH_N ballots each):
 * - submissions per second, `BENCH_REACH_C` at a time (default 8), over the demo windows: QR-code
 *   ballots (the current path) against 一事一评 ballots, each one integration call with a consented
 *   mobile number (an SMS invitation scheduled) and the rating through its one-time link;
 * - push lag p50 / p99: from each counted rating's 201 to its record kept at the local provincial
 *   receiver, through the stack's own Responses-stream poller, push outbox and pusher timer (3 s),
 *   with the receiver's record list read every 100 ms.
 */
import { randomUUID } from 'node:crypto';
import type { PushMessage } from '../functions/domain/reach/push-record';
import { ownNetworkPerRequest } from '../local/own-network';
import { type LocalStack, startLocalStack } from '../local/stack';

const answers = (i: number) => ({
  q_overall: 5 - (i % 3),
  q_attitude: 4,
  q_efficiency: 5,
  q_transparency: 4,
  q_safety: 5,
});
const rating = (i: number, ballot?: string) => ({
  submissionId: randomUUID(),
  answers: answers(i),
  startedAt: new Date(Date.now() - 60_000).toISOString(),
  locale: 'zh-CN',
  version: 1,
  deviceId: `reach${i}${randomUUID().slice(0, 12)}`,
  ...(ballot ? { ballot } : {}),
});

/** POSTs as the phone's queue does: a 503 (busy) is sent again after a pause, up to 5 times. */
async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status === 200 || res.status === 201) return JSON.parse(text) as Record<string, unknown>;
    if (res.status !== 503 || attempt === 5) throw new Error(`${url} answered ${res.status}: ${text}`);
    await new Promise((ok) => setTimeout(ok, 250 * attempt));
  }
}

/** Runs `n` jobs `c` at a time; ballots per second of the whole run. */
async function throughput(n: number, c: number, job: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: c }, async () => {
      for (let i = next++; i < n; i = next++) await job(i);
    }),
  );
  return n / ((performance.now() - t) / 1000);
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

export async function reachLoad(stack: LocalStack, n: number, c = 8): Promise<ReachLoad> {
  const forms = stack.demoForms.filter((f) => f.servicePointId.startsWith('13'));
  const token = await stack.signIn('province-admin');
  const unit = forms[0]!.servicePointId.split('-')[0]!;
  const windows = forms.filter((f) => f.servicePointId.startsWith(unit));
  const key = (
    await postJson(
      `${stack.baseUrl}/api/console/v1/units/${unit}/integration-keys`,
      { label: 'bench' },
      { authorization: `Bearer ${token}` },
    )
  ).secret as string;

  const qrPerSecond = await throughput(n, c, async (i) => {
    const f = forms[i % forms.length]!;
    await postJson(`${stack.baseUrl}/api/v1/forms/${f.token}/responses`, rating(i));
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
  const before = new Set(seen.keys());
  const rated = new Map<string, number>();
  const reachPerSecond = await throughput(n, c, async (i) => {
    const w = windows[i % windows.length]!;
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
    const receipt = await postJson(
      `${stack.baseUrl}/api/v1/forms/${url.searchParams.get('t')}/responses`,
      rating(i, url.searchParams.get('b')!),
    );
    rated.set(receipt.responseId as string, performance.now());
  });
  // Wait until the pushes stop coming (quarantined ballots are never pushed).
  for (let quiet = 0, last = -1; quiet < 30; ) {
    await new Promise((ok) => setTimeout(ok, 500));
    const have = [...rated.keys()].filter((id) => seen.has(id)).length;
    quiet = have === last ? quiet + 1 : 0;
    last = have;
    if (have === rated.size) break;
  }
  watching = false;
  await watcher;
  const lags = [...rated]
    .filter(([id]) => seen.has(id) && !before.has(id))
    .map(([id, t]) => seen.get(id)! - t);
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
