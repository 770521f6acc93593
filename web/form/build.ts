/**
 * Builds the citizen form's scripts: the proof-of-work worker first (its content-hashed path is
 * compiled into the form as `ALTCHA_WORKER_URL`), then the form itself. scripts/build-web.ts inlines
 * the form and writes the worker under assets/, where the page fetches it only for ALTCHA questionnaires.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleJs, hashedAssetPath } from '../bundle';

const here = dirname(fileURLToPath(import.meta.url));

/** What the form page runs: the inlined script and the lazily loaded worker. */
export interface FormScripts {
  formJs: string;
  /** The worker's text (with a trailing newline, as written) and its absolute path on the site. */
  workerJs: string;
  workerPath: string;
}

/** Bundles the worker, then the form pointing at the worker's hashed path. */
export async function buildFormScripts(target: string[]): Promise<FormScripts> {
  const workerJs = `${await bundleJs(join(here, 'altcha-worker.ts'), target)}\n`;
  const workerPath = hashedAssetPath('altcha', workerJs, 'js');
  const formJs = await bundleJs(join(here, 'main.ts'), target, {
    ALTCHA_WORKER_URL: JSON.stringify(workerPath),
  });
  return { formJs, workerJs, workerPath };
}
