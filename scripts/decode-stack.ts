/**
 * Maps a stack trace logged by a deployed function back to the TypeScript sources, with the source
 * maps of the same commit's bundles. For the functions that run without `--enable-source-maps`
 * (the public API; see infra/bundling.ts), whose logged traces point into the minified bundle.
 *
 *   npm run build:lambdas
 *   npm run --silent decode-stack -- public-api < trace.txt
 *
 * A frame whose file has no map in the bundle directory (another build) is left as it was.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `index.mjs:1:2345` or `chunks/x-HASH.mjs:1:99`, after `/var/task/`, `file://…/` or nothing. */
const FRAME = /(?:file:\/\/)?(?:[^\s()]*\/)?((?:chunks\/)?[\w.-]+\.mjs):(\d+):(\d+)/g;

/**
 * The stack with each bundle location replaced by its source location (paths relative to `root`).
 */
export function decodeStack(stack: string, bundleDir: string, root = process.cwd()): string {
  const maps = new Map<string, SourceMap | undefined>();
  const mapOf = (file: string) => {
    if (!maps.has(file)) {
      const path = join(bundleDir, `${file}.map`);
      maps.set(file, existsSync(path) ? new SourceMap(JSON.parse(readFileSync(path, 'utf8'))) : undefined);
    }
    return maps.get(file);
  };
  return stack.replace(FRAME, (whole, file: string, line: string, column: string) => {
    const entry = mapOf(file)?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry) || !entry.originalSource) return whole;
    const source = resolve(dirname(join(bundleDir, file)), entry.originalSource.replace(/^file:\/\//, ''));
    return `${relative(root, source)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const name = process.argv[2];
  if (!name) {
    console.error(
      'usage: npm run --silent decode-stack -- <function, e.g. public-api> [bundle dir] < trace.txt',
    );
    process.exit(2);
  }
  const root = fileURLToPath(new URL('..', import.meta.url));
  const dir = process.argv[3] ?? join(root, 'dist', 'lambdas', name);
  if (!existsSync(join(dir, 'index.mjs.map'))) {
    console.error(`no bundle with source maps in ${dir}: run npm run build:lambdas first`);
    process.exit(2);
  }
  process.stdout.write(decodeStack(readFileSync(0, 'utf8'), dir, root));
}
