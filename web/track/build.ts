/** Builds the tracking page into `<outDir>/t/index.html` with its hashed script under assets/. */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

/** Old phones: the same targets as the citizen form. */
const TARGET = ['es2019', 'chrome64', 'safari12', 'firefox68'];

/** Writes the page; `pageCssPath` is the shared stylesheet's hashed path. Returns the files written. */
export async function buildTrackPage(outDir: string, pageCssPath: string): Promise<string[]> {
  const out = await build({
    entryPoints: [join(here, 'main.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: TARGET,
    charset: 'utf8',
    legalComments: 'none',
    supported: { destructuring: true },
    write: false,
  });
  const js = `${out.outputFiles[0]!.text.trim()}\n`;
  const jsPath = `/assets/track-${createHash('sha256').update(js).digest('hex').slice(0, 10)}.js`;
  const tpl = await readFile(join(here, 'index.html'), 'utf8');
  const html = `${tpl
    .replace(/>\s+</g, '><')
    .trim()
    .split('/*PAGE_CSS*/')
    .join(pageCssPath)
    .split('/*TRACK_JS*/')
    .join(jsPath)}\n`;
  await mkdir(join(outDir, 't'), { recursive: true });
  await mkdir(join(outDir, 'assets'), { recursive: true });
  await writeFile(join(outDir, 't/index.html'), html);
  await writeFile(join(outDir, jsPath.slice(1)), js);
  return ['t/index.html', jsPath.slice(1)];
}
