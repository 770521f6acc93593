/**
 * esbuild settings shared by CDK's NodejsFunction and `npm run build:lambdas`, so that the
 * bundle measured by the benchmarks and the size budgets is the bundle that is deployed.
 * No CDK imports here: scripts load this file too.
 */

/**
 * ESM bundles have no `require`, yet bundled CJS dependencies call it for Node built-ins.
 * Defining it from `createRequire` keeps them working inside the single ESM file. The alias
 * avoids a clash with a `createRequire` import that esbuild may emit itself.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __kmpjCreateRequire } from 'node:module'; const require = __kmpjCreateRequire(import.meta.url);";

export const LAMBDA_TARGET = 'node22';

/** Where code-split chunks go inside a bundle directory (next to index.mjs). */
export const LAMBDA_CHUNK_NAMES = 'chunks/[name]-[hash]';

/** Handler entry points, relative to the repository root, by function name. */
export const LAMBDA_ENTRIES = {
  'public-api': 'functions/handlers/public-api.ts',
  'console-api': 'functions/handlers/console-api.ts',
  monitor: 'functions/handlers/monitor.ts',
  'case-stream': 'functions/handlers/case-stream.ts',
  'rollup-stream': 'functions/handlers/rollup-stream.ts',
  'rollup-recount-job': 'functions/handlers/rollup-recount-job.ts',
  'escalation-job': 'functions/handlers/escalation-job.ts',
  'import-job': 'functions/handlers/import-job.ts',
  'sms-sender': 'functions/handlers/sms-sender-job.ts',
  'sms-reply': 'functions/handlers/sms-reply.ts',
  'push-job': 'functions/handlers/push-job.ts',
  'origin-verify-rotation': 'functions/handlers/origin-verify-rotation.ts',
} as const;

/**
 * The Node options a function runs with. Every function but the public API maps its stack traces
 * to the TypeScript sources at run time (`--enable-source-maps`). The public API does not: Node
 * reads and decodes the whole source map when it loads a module with that flag, which adds about a
 * third to the import a citizen's first tap waits for after a cold start. Its bundle still carries
 * the map, and `npm run decode-stack` (scripts/decode-stack.ts) maps a logged trace afterwards.
 */
export function lambdaNodeOptions(entry: string): string | undefined {
  return entry === LAMBDA_ENTRIES['public-api'] ? undefined : '--enable-source-maps';
}
