/**
 * Builds the citizen form's scripts: the proof-of-work worker first (its content-hashed path is
 * compiled into the form as `ALTCHA_WORKER_URL`), then the form itself. scripts/build-web.ts inlines
 * the form and writes the worker under assets/, where the page fetches it only for ALTCHA questionnaires.
 */
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

/** What the form page runs: the inlined script and the lazily loaded worker. */
export interface FormScripts {
  formJs: string;
  /** The worker's text (with a trailing newline, as written) and its absolute path on the site. */
  workerJs: string;
  workerPath: string;
}

async function bundle(entry: string, target: string[], define: Record<string, string> = {}): Promise<string> {
  const out = await build({
    entryPoints: [join(here, entry)],
    bundle: true,
    minify: true,
    format: 'iife',
    target,
    charset: 'utf8',
    legalComments: 'none',
    // As for the form (see scripts/build-web.ts): Safari 12 runs plain destructuring.
    supported: { destructuring: true },
    define,
    write: false,
  });
  return out.outputFiles[0]!.text.trim();
}

/** Bundles the worker, then the form pointing at the worker's hashed path. */
export async function buildFormScripts(target: string[]): Promise<FormScripts> {
  const workerJs = `${await bundle('altcha-worker.ts', target)}\n`;
  const workerPath = `/assets/altcha-${createHash('sha256').update(workerJs).digest('hex').slice(0, 10)}.js`;
  const formJs = await bundle('main.ts', target, { ALTCHA_WORKER_URL: JSON.stringify(workerPath) });
  return { formJs, workerJs, workerPath };
}
