import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_ENTRIES } from '../../infra/bundling';
import { type BundleInfo, buildLambdas } from '../../scripts/build-lambdas';

/**
 * Gzipped size budgets per Lambda bundle, in KiB: the measured size + ~15 %, so that a new
 * dependency (or an SDK that stops tree-shaking) fails here instead of in the cold start. Raise a
 * budget only with a measured reason, and write the figure, the date and the reason here.
 * Measured 2026-11 with `npx tsx scripts/build-lambdas.ts` (gzip of index.mjs):
 * - public-api: 280 KiB. Was 145 (bench) and 166 (metrics, OpenAPI); grew by ~110 KiB
 *   with field encryption of the callback phone in the submission path: the AWS Encryption
 *   SDK (@aws-crypto/client-node, with @aws-sdk/client-kms) is bundled. The integrity checks add a little.
 * - console-api: 842 KiB (staff-only; exceljs, cases with the Encryption SDK, campaigns).
 * - monitor: 158 KiB (Logger, Metrics, Tracer with the X-Ray SDK, DynamoDB client); unchanged.
 * - case-stream: 236 KiB (case services + @aws-crypto/client-node to re-encrypt the phone).
 * - escalation-job: 232 KiB: it bundles @aws-crypto/client-node too, only because case-deps.ts
 *   imports the KMS cipher it never uses (see the report of the infra wiring).
 * - import-job: 669 KiB (exceljs and csv-parse/iconv-lite for agency files up to 200 000 rows).
 * 2026-12-04: console-api 985 KiB (was under 968) once the scoring method took Student's t at
 * fractional degrees of freedom from @stdlib (t quantile and cdf rest on the incomplete beta and
 * gamma functions and their inverses: about 57 KiB gzipped by the esbuild metafile). Budget 1 030.
 */
const BUDGET_KIB: Record<keyof typeof LAMBDA_ENTRIES, number> = {
  'public-api': 322,
  monitor: 182,
  'console-api': 1030,
  'case-stream': 271,
  'escalation-job': 267,
  'import-job': 769,
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
