/**
 * `tsx scripts/bundle-lambda.ts <entry> <outDir>`: bundles one Lambda entry into outDir (index.mjs
 * and its chunks). CDK's NodejsFunction runs this after its own esbuild pass (AppFunction's
 * `afterBundling` hook), because NodejsFunction writes one file and cannot split code.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { bundleEntry } from './build-lambdas';

const [entry, outDir] = process.argv.slice(2);
if (!entry || !outDir) throw new Error('usage: bundle-lambda.ts <entry> <outDir>');
rmSync(join(outDir, 'index.mjs'), { force: true });
rmSync(join(outDir, 'index.mjs.map'), { force: true });
await bundleEntry(entry, outDir);
