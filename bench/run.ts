/**
 * `npm run bench`: prints each figure as a ratio, so that results compare across machines.
 * Nothing here asserts; tests never assert on time.
 */

import { randomBytes } from 'node:crypto';
import { startDynamoLocal } from '../local/dynamo-local';
import { startLocalStack, WEB_DIST } from '../local/stack';
import { buildWeb } from '../scripts/build-web';
import { altchaSolve } from './altcha-solve';
import { formWeight } from './form-weight';
import { integrityOverhead } from './integrity-overhead';
import { lambdaBundles, printLambdaBundles } from './lambda-bundle';
import { importThroughput, rankingScaling } from './ranking';
import { rankingCompute } from './ranking-compute';
import { printReachLoad, reachLoad, reachStackOptions } from './reach-load';
import { submitLatency } from './submit-latency';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const n = Number(process.env.BENCH_N ?? 500);

const web = await buildWeb();
const w = formWeight(WEB_DIST);
console.log(
  `form weight: ours ${kb(w.ours)} gz vs SurveyJS (survey-core + survey-js-ui + css) ${kb(w.surveyjs)} gz → ratio ${w.ratio.toFixed(3)}`,
);
// The Mongolian form: the same page, plus its strings and layout (gzipped) and the font subset (WOFF2).
const mn = web.formMongolian;
const mnBytes = w.ours + mn.strings.gzipBytes + mn.css.gzipBytes + mn.font.bytes;
console.log(
  `form weight in traditional Mongolian: ${kb(mnBytes)} (font subset ${kb(mn.font.bytes)}) vs the Chinese form ${kb(w.ours)} → ratio ${(mnBytes / w.ours).toFixed(2)}`,
);

// In memory, with a QR key of our own: the latency baseline runs the use case with the same key.
const qrKey = randomBytes(32);
const stack = await startLocalStack({ port: 0, dataDir: null, quiet: true, qrKey });
try {
  const s = await submitLatency(stack, qrKey, n);
  console.log(
    `submit latency (n=${n}, median): POST via local server ${s.apiMs.toFixed(2)} ms vs direct TransactWriteItems ${s.directMs.toFixed(2)} ms → ratio ${s.ratio.toFixed(2)} (goal ≤ 1.5)`,
  );
  // The stream work the POSTs started (cases for bad reviews, retroactive quarantine) shares the
  // database: let it finish so that it does not weigh on the next measurements.
  await stack.settle();
  // On a DynamoDB Local of its own: after the latency run's thousand responses (and their stream)
  // the shared one answers several times slower, to both variants alike.
  const ioDb = await startDynamoLocal({ dataDir: null });
  const io = await integrityOverhead(ioDb.endpoint, Math.min(n, 300)).finally(() => ioDb.stop());
  console.log(
    `integrity checks (median): submission with checks ${io.withMs.toFixed(2)} ms vs without ${io.withoutMs.toFixed(2)} ms → ratio ${io.ratio.toFixed(2)}`,
  );
  const pow = await altchaSolve(stack.baseUrl, WEB_DIST);
  console.log(
    `ALTCHA solve (maxnumber ${pow.maxNumber}, worst case, Chromium at ${pow.throttle}× CPU throttle): ${pow.worstMs.toFixed(0)} ms vs the ${pow.budgetMs} ms budget → ratio ${pow.ratio.toFixed(2)} (goal ≤ 1)`,
  );
  const rc = rankingCompute();
  console.log(
    `ranking computation alone, 167 counties × 6 rankings with joint rank sets: ${rc.small.interviews} interviews ${rc.small.ms.toFixed(0)} ms vs ${rc.large.interviews} interviews ${rc.large.ms.toFixed(0)} ms → ratio ${rc.ratio.toFixed(2)} (goal ≤ 1.2, and ≤ 2000 ms)`,
  );
  const r = await rankingScaling(stack);
  console.log(
    `167-county ranking, 6 rankings with joint rank sets: ${r.small.interviews} interviews ${r.small.ms.toFixed(0)} ms vs ${r.large.interviews} interviews ${r.large.ms.toFixed(0)} ms → ratio ${r.ratio.toFixed(2)} (goal ≤ 1.2: reads aggregates, never interviews; and ≤ 2000 ms)`,
  );
  const im = await importThroughput(stack, Number(process.env.BENCH_IMPORT_ROWS ?? 20_000));
  console.log(
    `agency import (${im.rows} rows): ${im.importRowsPerSecond.toFixed(0)} rows/s vs raw BatchWriteItem ${im.rawRowsPerSecond.toFixed(0)} rows/s → time ratio ${im.ratio.toFixed(2)} (import / raw)`,
  );
} finally {
  await stack.stop();
}

// 一事一评 with SMS invitations and the provincial push, on a fresh local stack (alone: npx tsx bench/reach-load.ts).
{
  const reachN = Number(process.env.BENCH_REACH_N ?? 200);
  const reachStack = await startLocalStack(reachStackOptions);
  try {
    printReachLoad(await reachLoad(reachStack, reachN, 8), reachN, 8);
  } finally {
    await reachStack.stop();
  }
}

// Submissions/s at 50 in flight across 100 windows vs raw PutItem (alone: npx tsx bench/submission-throughput.ts).
{
  const { printSubmissionThroughput, submissionThroughput } = await import('./submission-throughput');
  printSubmissionThroughput(await submissionThroughput(Number(process.env.BENCH_THROUGHPUT_N ?? 2000)));
}

// Province vs county dashboard from the node rollups (alone: npx tsx bench/province-dashboard.ts).
{
  const { printProvinceDashboard, provinceDashboardBench } = await import('./province-dashboard');
  printProvinceDashboard(await provinceDashboardBench());
}

// Public and console Lambda cold start (alone: npx tsx bench/lambda-bundle.ts).
printLambdaBundles(await lambdaBundles());

// The console's data calls on the 90-day demo history (CONSOLE_PAGES=0 skips; alone: npx tsx bench/console-pages.ts).
if (process.env.CONSOLE_PAGES !== '0') {
  const { consolePagesBench, printConsolePages } = await import('./console-pages');
  printConsolePages(await consolePagesBench(Number(process.env.BENCH_PAGES_N ?? 30)));
}

const soakMinutes = Number(process.env.SOAK_MINUTES ?? 10);
if (soakMinutes > 0) {
  const { soak } = await import('./soak');
  const rate = Number(process.env.SOAK_RATE ?? 30);
  console.log(
    `soak: ${soakMinutes} min at ${rate} submissions/s against npm start's server (SOAK_MINUTES=0 skips)`,
  );
  const s = await soak(soakMinutes, rate);
  console.log(
    `soak: RSS (per-minute median) max/after-warm-up ratio ${s.rssGrowth.toFixed(3)} (goal ≤ 1.10), p99 last/first ratio ${s.p99Drift.toFixed(2)} (goal ≤ 1.20), non-201 answers ${s.errors} (after the warm-up minute: ${s.errorsAfterWarmUp})`,
  );
}
