/**
 * Bundles every Lambda entry point with the same esbuild settings CDK uses, into
 * dist/lambdas/<name>/index.mjs, and prints each bundle's size. Used by `npm run build`,
 * the benchmarks and the bundle budget test.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { ESM_REQUIRE_BANNER, LAMBDA_ENTRIES, LAMBDA_TARGET } from '../infra/bundling';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface BundleInfo {
  name: string;
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** Bundles one entry (any file, e.g. a benchmark baseline) the way Lambda functions are bundled. */
export async function bundleEntry(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: LAMBDA_TARGET,
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    banner: { js: ESM_REQUIRE_BANNER },
    logLevel: 'warning',
  });
}

export async function buildLambdas(outDir = join(root, 'dist', 'lambdas')): Promise<BundleInfo[]> {
  const out: BundleInfo[] = [];
  for (const [name, entry] of Object.entries(LAMBDA_ENTRIES)) {
    const file = join(outDir, name, 'index.mjs');
    await bundleEntry(join(root, entry), file);
    out.push({ name, file, bytes: statSync(file).size, gzipBytes: gzipSync(readFileSync(file)).length });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const b of await buildLambdas()) {
    console.log(
      `${b.name}: ${(b.bytes / 1024).toFixed(0)} KB, ${(b.gzipBytes / 1024).toFixed(0)} KB gzipped → ${b.file}`,
    );
  }
}
