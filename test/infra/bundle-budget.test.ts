import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_ENTRIES } from '../../infra/bundling';
import { type BundleInfo, buildLambdas } from '../../scripts/build-lambdas';

/**
 * Gzipped size budgets per Lambda bundle, in KiB, of what a cold start reads (index.mjs and the
 * chunks it imports statically; modules loaded by `import()` are chunks of their own): the measured
 * size + ~10 %, so that a new dependency (or an SDK that stops tree-shaking) fails here instead of in
 * the cold start. Raise a budget only with a measured reason, and write the figure, the date and
 * the reason here. Measured with `npx tsx scripts/build-lambdas.ts` (gzip -9 of each file):
 * 2026-12-04, code splitting; phones encrypted with KMS directly (the AWS Encryption SDK only as a
 * lazily loaded reader of older ciphertexts, in the console and case-stream functions); the SSM
 * client loaded on first use:
 * - public-api: 151 KiB (247 in all; the OpenAPI document generated at bundling is served as JSON).
 * - console-api: 329 KiB (826 in all): exceljs loaded by the XLSX routes only, GB18030 decoded by
 *   Node's TextDecoder instead of iconv-lite (815 KiB before).
 * - monitor: 130 KiB. case-stream: 132 KiB. escalation-job: 109 KiB.
 * - import-job: 149 KiB (496 in all; exceljs loaded by the first XLSX file; 644 KiB before).
 */
const BUDGET_KIB: Record<keyof typeof LAMBDA_ENTRIES, number> = {
  'public-api': 165,
  monitor: 143,
  'console-api': 362,
  'case-stream': 144,
  'escalation-job': 120,
  'import-job': 164,
};

describe('Lambda bundle budgets', () => {
  let outDir: string;
  let bundles: BundleInfo[];

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'kmpj-budget-'));
    bundles = await buildLambdas(outDir);
  }, 300_000);

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('has a budget for every entry point', () => {
    expect(Object.keys(BUDGET_KIB).sort()).toEqual(Object.keys(LAMBDA_ENTRIES).sort());
  });

  it.each(Object.entries(BUDGET_KIB))('keeps the %s bundle within %i KiB gzipped', (name, budget) => {
    const bundle = bundles.find((b) => b.name === name);
    expect(bundle, `${name} was not built`).toBeDefined();
    expect(Math.round((bundle?.gzipBytes ?? 0) / 1024)).toBeLessThanOrEqual(budget);
  });
});
