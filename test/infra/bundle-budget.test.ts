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
 * - public-api: 125 KiB (244 in all): a Map-based cache instead of lru-cache (-6), the OpenAPI
 *   document a chunk of its own (-2), the Secrets Manager command without Powertools parameters (-3),
 *   receipt tracking, withdrawal and the integration routes a chunk loaded on their first request
 *   (-4), the form routes on hono/tiny's PatternRouter (-2.4); Powertools Metrics loaded by the first
 *   request that records one, read-only repositories, no questionnaire schemas, no hono-openapi (-8.6).
 *   2026-12-05: 118 KiB (247 in all): the submission use case, its quiet-limit counters and the ballot
 *   transaction a chunk read by the first ballot, so a cold start for a form does not read them (-7).
 *   2026-12-05: 102 KiB (245 in all): the modules a cold start reads gathered into one chunk
 *   (coldHubPlugin in scripts/build-lambdas.ts: 11 files instead of 17, each gzipped alone) (-5).
 * - console-api: 329 KiB (826 in all): exceljs loaded by the XLSX routes only, GB18030 decoded by
 *   Node's TextDecoder instead of iconv-lite (815 KiB before).
 * - monitor: 130 KiB. case-stream: 132 KiB. escalation-job: 109 KiB.
 * - import-job: 149 KiB (496 in all; exceljs loaded by the first XLSX file; 644 KiB before).
 * - sms-sender: 96 KiB (149 in all; SNS and KMS clients). sms-reply: 97 KiB. push-job: 97 KiB
 *   (Secrets Manager client loaded on first use). Measured 2026-12-04.
 * - rollup-stream: 96 KiB (142 in all; DynamoDB client, middy, no case workflow). Measured 2026-12-04.
 * - rollup-recount-job: 98 KiB (144 in all; the recount, the tree and aggregate reads). Measured 2026-12-04.
 */
const BUDGET_KIB: Record<keyof typeof LAMBDA_ENTRIES, number> = {
  'public-api': 112,
  monitor: 143,
  'console-api': 362,
  'case-stream': 144,
  'rollup-stream': 106,
  'rollup-recount-job': 108,
  'escalation-job': 120,
  'import-job': 164,
  'sms-sender': 106,
  'sms-reply': 107,
  'push-job': 107,
  'origin-verify-rotation': 100,
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

/** Source files and packages of a bundle's outputs, all of them or only what a cold start reads. */
function inputsOf(bundle: BundleInfo, only: 'all' | 'cold'): string[] {
  const outputs = bundle.metafile.outputs;
  const chosen = only === 'all' ? Object.keys(outputs) : bundle.coldFiles;
  return chosen.flatMap((o) => Object.keys(outputs[o]?.inputs ?? {}));
}

describe('what the Lambda bundles hold (esbuild metafiles)', () => {
  let bundles: BundleInfo[];
  beforeAll(async () => {
    bundles = await buildLambdas(mkdtempSync(join(tmpdir(), 'kmpj-contents-')));
  }, 300_000);
  const bundle = (name: string) => {
    const b = bundles.find((x) => x.name === name);
    if (!b) throw new Error(`${name} was not built`);
    return b;
  };

  it.each(Object.keys(LAMBDA_ENTRIES))(
    'gathers the modules of ours that a %s cold start reads into one chunk beside the entry',
    (name) => {
      const { coldFiles, metafile } = bundle(name);
      const holding = coldFiles.filter(
        (o) =>
          !o.endsWith('/index.mjs') &&
          Object.keys(metafile.outputs[o]?.inputs ?? {}).some((f) => f.startsWith('functions/')),
      );
      // None where the function loads nothing of ours lazily: then they are all in index.mjs.
      expect(
        holding.length,
        `chunks read at the cold start holding modules of ours: ${holding}`,
      ).toBeLessThanOrEqual(1);
    },
  );

  it.each(Object.keys(LAMBDA_ENTRIES))(
    '%s holds no local stack, seed, stuffing simulator or build script',
    (name) => {
      const inputs = inputsOf(bundle(name), 'all');
      expect(inputs.length).toBeGreaterThan(50);
      expect(
        inputs.filter(
          (f) =>
            /^(local|scripts|bench|test)\//.test(f) ||
            /\/seed\/|simulation-deps|stuffing-simulat|run-simulation/.test(f),
        ),
      ).toEqual([]);
      expect(inputs.filter((f) => f.includes('node_modules/iconv-lite/'))).toEqual([]);
    },
  );

  it.each([
    'public-api',
    'monitor',
    'rollup-stream',
    'rollup-recount-job',
    'escalation-job',
    'import-job',
    'sms-sender',
    'sms-reply',
    'push-job',
  ])('%s holds no AWS Encryption SDK', (name) => {
    expect(inputsOf(bundle(name), 'all').filter((f) => f.includes('node_modules/@aws-crypto/'))).toEqual([]);
  });

  it.each(['console-api', 'case-stream'])(
    '%s loads the AWS Encryption SDK only on demand, for phones stored before the direct KMS cipher',
    (name) => {
      expect(inputsOf(bundle(name), 'cold').filter((f) => f.includes('node_modules/@aws-crypto/'))).toEqual(
        [],
      );
    },
  );

  it('keeps middy, the case workflow and the OpenAPI generator out of the public function', () => {
    const inputs = inputsOf(bundle('public-api'), 'all');
    const unwanted = [
      'node_modules/@middy/',
      'functions/handlers/case-wiring.ts',
      'functions/handlers/case-stream-handler.ts',
      'functions/handlers/escalation-handler.ts',
      'functions/services/cases/open-case.ts',
      'functions/services/cases/run-escalation.ts',
      'functions/http/openapi.ts',
    ];
    expect(inputs.filter((f) => unwanted.some((u) => f.includes(u)))).toEqual([]);
    // KMS and SSM are there, but only as chunks loaded by a ballot with a phone or a display/integration
    // URL. The document is generated when the function is bundled, so hono-openapi and its schema
    // converters are not bundled at all (its validator runs as @hono/standard-validator's).
    expect(
      inputs.filter((f) => /node_modules\/(hono-openapi|@standard-community|quansync)\//.test(f)),
    ).toEqual([]);
    const cold = inputsOf(bundle('public-api'), 'cold');
    expect(
      cold.filter((f) => /node_modules\/(@aws-sdk\/client-(kms|ssm)|@valibot\/to-json-schema)\//.test(f)),
    ).toEqual([]);
    expect(inputs.some((f) => f.includes('node_modules/@aws-sdk/client-kms/'))).toBe(true);
  });

  it('reads no lru-cache, Powertools parameters, OpenAPI document, QR encoder or JWT library at the public cold start', () => {
    const cold = inputsOf(bundle('public-api'), 'cold');
    expect(cold.length).toBeGreaterThan(50);
    expect(
      cold.filter((f) =>
        /node_modules\/(lru-cache|@aws-lambda-powertools\/parameters|qrcode|jose)\/|virtual:kmpj-openapi/.test(
          f,
        ),
      ),
    ).toEqual([]);
    // The document is a chunk of its own, served by the first request for it.
    expect(inputsOf(bundle('public-api'), 'all').some((f) => f.includes('virtual:kmpj-openapi'))).toBe(true);
  });

  it('reads neither Powertools Metrics nor the console questionnaire and integrity repositories and schemas at the public cold start', () => {
    const cold = inputsOf(bundle('public-api'), 'cold');
    // Every valibot schema of a module a cold start imports is built at import time (esbuild keeps
    // calls into valibot), so the questionnaire schemas must not be imported by the form and ballot.
    expect(
      cold.filter((f) =>
        /node_modules\/@aws-lambda-powertools\/metrics\/|functions\/(db\/(questionnaire|integrity)-repository|schemas\/questionnaire)\.ts/.test(
          f,
        ),
      ),
    ).toEqual([]);
    // Metrics is a chunk, loaded by the first request that records one (a submission, a 400).
    expect(
      inputsOf(bundle('public-api'), 'all').some((f) =>
        f.includes('node_modules/@aws-lambda-powertools/metrics/'),
      ),
    ).toBe(true);
  });

  it('reads neither the receipt and integration routes nor the RegExpRouter of Hono at the public cold start', () => {
    const offColdPath =
      /functions\/(http\/public-more-routes|http\/routes\/(receipts|integration)|db\/(case|reach|withdrawal)-repository)\.ts|node_modules\/hono\/dist\/router\/reg-exp-router\//;
    expect(inputsOf(bundle('public-api'), 'cold').filter((f) => offColdPath.test(f))).toEqual([]);
    // They ship, as a chunk read by the first request for one of them.
    const all = inputsOf(bundle('public-api'), 'all');
    expect(all.some((f) => f.includes('functions/http/routes/receipts.ts'))).toBe(true);
    expect(all.some((f) => f.includes('functions/db/case-repository.ts'))).toBe(true);
  });

  it('reads the ballot route, its body schema, the submission use case and the ballot transaction on the first ballot, not at the cold start', () => {
    const submitPath =
      /functions\/(http\/(routes\/submissions|utf8-body)|schemas\/submission|services\/(submit-response|integrity\/(check-integrity|counter-memo))|db\/(response-repository|integrity-transaction))\.ts|node_modules\/hono\/dist\/middleware\/body-limit\//;
    expect(inputsOf(bundle('public-api'), 'cold').filter((f) => submitPath.test(f))).toEqual([]);
    // They ship, as a chunk the first ballot reads.
    const all = new Set(inputsOf(bundle('public-api'), 'all').filter((f) => submitPath.test(f)));
    expect(all.size).toBe(9);
  });

  it('ships the quiet-limit counters in the Responses-stream function, not in the public API', () => {
    const counting = /functions\/(services\/integrity\/count-on-stream|db\/limit-counters)\.ts/;
    expect(inputsOf(bundle('public-api'), 'all').filter((f) => counting.test(f))).toEqual([]);
    expect(new Set(inputsOf(bundle('case-stream'), 'all').filter((f) => counting.test(f))).size).toBe(2);
    // The memo is in both: the public API's counts its own stored ballots, the stream's full counters.
    for (const fn of ['public-api', 'case-stream'] as const) {
      expect(inputsOf(bundle(fn), 'all').some((f) => f.endsWith('services/integrity/counter-memo.ts'))).toBe(
        true,
      );
    }
  });

  it("reads neither Powertools Logger, ALTCHA, the phone cipher, the directory writes nor the ballot checks' reads at the public cold start", () => {
    // The public function logs only failures (the first one loads the logger); ALTCHA is loaded by
    // the first challenge, the cipher by the first ballot or integration route.
    const offColdPath =
      /node_modules\/(@aws-lambda-powertools\/logger|altcha-lib)\/|functions\/(observability\/logger|services\/integrity\/(altcha|cached-reader)|handlers\/contact-cipher|db\/(contact-cipher|directory-repository|integrity-read-repository))\.ts/;
    expect(inputsOf(bundle('public-api'), 'cold').filter((f) => offColdPath.test(f))).toEqual([]);
    const all = inputsOf(bundle('public-api'), 'all');
    for (const shipped of [
      'node_modules/@aws-lambda-powertools/logger/',
      'node_modules/altcha-lib/',
      'functions/handlers/contact-cipher.ts',
    ])
      expect(
        all.some((f) => f.includes(shipped)),
        shipped,
      ).toBe(true);
  });

  it('keeps Hono, the case workflow and the stream consumer out of the rollup recount job', () => {
    const inputs = inputsOf(bundle('rollup-recount-job'), 'all');
    expect(inputs.some((f) => f.includes('functions/services/rollups/recount.ts'))).toBe(true);
    expect(
      inputs.filter((f) =>
        /node_modules\/hono\/|functions\/(services\/cases\/|handlers\/case-|services\/rollups\/apply-stream)/.test(
          f,
        ),
      ),
    ).toEqual([]);
  });

  it('loads exceljs only on demand in the console and import functions', () => {
    for (const name of ['console-api', 'import-job']) {
      expect(inputsOf(bundle(name), 'cold').filter((f) => f.includes('node_modules/exceljs/'))).toEqual([]);
      expect(inputsOf(bundle(name), 'all').some((f) => f.includes('node_modules/exceljs/'))).toBe(true);
    }
  });
});
