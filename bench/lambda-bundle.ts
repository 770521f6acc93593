/**
 * Ratio 3: the public Lambda bundle's gzipped size, and its import time (cold start proxy)
 * against a bundle that holds only the DynamoDB client.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { LAMBDA_ENTRIES } from '../infra/bundling';
import { bundleEntry } from '../scripts/build-lambdas';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Import time of a bundle in a fresh Node process, median of `runs`. */
function importMs(file: string, env: Record<string, string>, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = spawnSync(
      process.execPath,
      [
        '-e',
        `const t=performance.now();await import(${JSON.stringify(file)});console.log(performance.now()-t)`,
        '--input-type=module',
      ],
      { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', AWS_REGION: 'cn-north-1', ...env } },
    );
    if (out.status !== 0) throw new Error(out.stderr);
    times.push(Number(out.stdout.trim()));
  }
  return median(times);
}

export async function lambdaBundle(runs = 15) {
  const dir = mkdtempSync(join(tmpdir(), 'kmpj-bench-'));
  const ours = join(dir, 'public-api.mjs');
  await bundleEntry(LAMBDA_ENTRIES['public-api'], ours);
  const baseline = join(dir, 'baseline.mjs');
  await bundleEntry(fileURLToPath(new URL('./baseline-dynamodb-only.ts', import.meta.url)), baseline);
  const env = {
    TABLE_DIRECTORY: 'd',
    TABLE_QUESTIONNAIRES: 'q',
    TABLE_RESPONSES: 'r',
    QR_SECRET: 'bench-secret-0123456789abcdefghijklmnop',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const gz = (f: string) => gzipSync(readFileSync(f), { level: 9 }).length;
  const oursMs = importMs(ours, env, runs);
  const baseMs = importMs(baseline, env, runs);
  return { gzipBytes: gz(ours), baselineGzipBytes: gz(baseline), importMs: oursMs, baselineImportMs: baseMs };
}
