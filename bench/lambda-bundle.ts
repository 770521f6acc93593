/**
 * Lambda cold start: the public Lambda bundle's gzipped size and its import time (cold start
 * proxy, median of fresh Node processes) against a bundle that holds only the DynamoDB client;
 * the console Lambda's size and import time beside them. Bundles are built exactly as deployed
 * (scripts/build-lambdas.ts, with code splitting); "size" is what a cold start reads (the entry and
 * the chunks it imports statically), "in all" adds the chunks loaded on demand.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAMBDA_ENTRIES, lambdaNodeOptions } from '../infra/bundling';
import { type BundleInfo, bundleEntry } from '../scripts/build-lambdas';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A bundle to import, and the Node options its function runs with (infra/bundling.ts). */
interface Importable {
  file: string;
  nodeOptions?: string;
}

/** Milliseconds one fresh Node process takes to import `file`. */
function importOnce({ file, nodeOptions }: Importable, env: Record<string, string>): number {
  const out = spawnSync(
    process.execPath,
    [
      ...(nodeOptions ? nodeOptions.split(' ') : []),
      '-e',
      `const t=performance.now();await import(${JSON.stringify(file)});console.log(performance.now()-t)`,
      '--input-type=module',
    ],
    { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', AWS_REGION: 'cn-north-1', ...env } },
  );
  if (out.status !== 0) throw new Error(out.stderr);
  return Number(out.stdout.trim());
}

/**
 * Import time of each bundle, median of `runs` fresh processes. The bundles take turns, one import
 * each per round, so that a load that changes during the run (a shared machine) weighs on all of
 * them alike and their ratios stay comparable.
 */
function importMs(files: Importable[], env: Record<string, string>, runs: number): number[] {
  const times = files.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    for (const [k, file] of files.entries()) times[k]!.push(importOnce(file, env));
  }
  return times.map(median);
}

/** The Lambda environment the bundles need to initialise (no network is touched at import). */
const ENV = {
  TABLE_DIRECTORY: 'd',
  TABLE_QUESTIONNAIRES: 'q',
  TABLE_RESPONSES: 'r',
  TABLE_SCORING: 's',
  TABLE_AUDIT: 'a',
  TABLE_QUIET_LIMITS: 'l',
  QR_SECRET: 'bench-secret-0123456789abcdefghijklmnop',
  PUBLIC_BASE_URL: 'https://pj.example.gov.cn',
  JWT_ISSUER: 'https://issuer.example.gov.cn',
  JWKS_URL: 'https://issuer.example.gov.cn/jwks.json',
  CONTACT_KEY_ARN: 'arn:aws:kms:cn-north-1:111122223333:key/00000000-0000-4000-8000-000000000001',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  POWERTOOLS_LOG_LEVEL: 'CRITICAL',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

export interface MeasuredBundle extends Pick<BundleInfo, 'gzipBytes' | 'totalGzipBytes'> {
  importMs: number;
}

/** The public and console Lambdas and the DynamoDB-client-only baseline, median of `runs` imports. */
export async function lambdaBundles(runs = 11) {
  const dir = mkdtempSync(join(tmpdir(), 'kmpj-bench-'));
  const built = await Promise.all([
    bundleEntry(
      fileURLToPath(new URL('./baseline-dynamodb-only.ts', import.meta.url)),
      join(dir, 'baseline'),
    ),
    bundleEntry(LAMBDA_ENTRIES['public-api'], join(dir, 'public-api')),
    bundleEntry(LAMBDA_ENTRIES['console-api'], join(dir, 'console-api')),
  ]);
  // Each as deployed (the public API without source maps, the console with them); the public API
  // once more with them, to show what they would cost it.
  const [baselineBuild, publicBuild, consoleBuild] = built;
  const ms = importMs(
    [
      { file: baselineBuild!.file },
      { file: publicBuild!.file, nodeOptions: lambdaNodeOptions(LAMBDA_ENTRIES['public-api']) },
      { file: consoleBuild!.file, nodeOptions: lambdaNodeOptions(LAMBDA_ENTRIES['console-api']) },
      { file: publicBuild!.file, nodeOptions: '--enable-source-maps' },
    ],
    ENV,
    runs,
  );
  const [baseline, publicApi, consoleApi] = built.map(
    (b, i): MeasuredBundle => ({
      gzipBytes: b.gzipBytes,
      totalGzipBytes: b.totalGzipBytes,
      importMs: ms[i]!,
    }),
  );
  return {
    baseline: baseline!,
    publicApi: publicApi!,
    consoleApi: consoleApi!,
    publicWithSourceMapsMs: ms[3]!,
  };
}

/** Prints the public Lambda's ratios against the baseline and the console Lambda's figures. */
export function printLambdaBundles({
  baseline: b,
  publicApi: p,
  consoleApi: c,
  publicWithSourceMapsMs,
}: Awaited<ReturnType<typeof lambdaBundles>>) {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(
    `public Lambda: ${kb(p.gzipBytes)} gz at cold start (${kb(p.totalGzipBytes)} in all) vs DynamoDB-client-only ${kb(b.gzipBytes)} → ${(p.gzipBytes / b.gzipBytes).toFixed(2)} (goal ≤ 1.5); import ${p.importMs.toFixed(0)} vs ${b.importMs.toFixed(0)} ms → ${(p.importMs / b.importMs).toFixed(2)} (goal ≤ 1.3), median of 11 fresh processes each, taking turns; it runs without --enable-source-maps, which would make its import ${publicWithSourceMapsMs.toFixed(0)} ms`,
  );
  console.log(
    `console Lambda: ${kb(c.gzipBytes)} gz at cold start (${kb(c.totalGzipBytes)} in all) → ${(c.gzipBytes / b.gzipBytes).toFixed(2)}× the baseline; import ${c.importMs.toFixed(0)} ms → ${(c.importMs / b.importMs).toFixed(2)}× (with --enable-source-maps, as deployed)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) printLambdaBundles(await lambdaBundles());
