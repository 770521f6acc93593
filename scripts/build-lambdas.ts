/**
 * Bundles every Lambda entry point with the same esbuild settings CDK uses, into
 * dist/lambdas/<name>/ (index.mjs and its chunks/), and prints each bundle's size. Used by
 * `npm run build`, CDK's bundling (AppFunction runs `bundle-lambda.ts`), the benchmarks and the
 * bundle tests.
 */
import { readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';
import { ESM_REQUIRE_BANNER, LAMBDA_CHUNK_NAMES, LAMBDA_ENTRIES, LAMBDA_TARGET } from '../infra/bundling';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface BundleInfo {
  name: string;
  /** The entry file, `<dir>/index.mjs`. */
  file: string;
  /** Bytes a cold start loads: the entry and every chunk it imports statically. */
  bytes: number;
  gzipBytes: number;
  /** Every file of the bundle, lazily loaded chunks included (what is deployed). */
  totalGzipBytes: number;
  /** The output files a cold start reads (metafile keys): index.mjs and its static imports, transitively. */
  coldFiles: string[];
  metafile: Metafile;
}

/** The module the Lambda handlers serve their OpenAPI documents from, generated at bundling time. */
export const OPENAPI_MODULE = 'virtual:kmpj-openapi';

/**
 * hono-openapi as the Lambdas run it: its validator without the schema metadata, its route
 * descriptions as plain middleware. The documents are generated from the routes with hono-openapi
 * itself, before bundling (openApiPlugin), so no bundle needs its generator or converters.
 */
const OPENAPI_RUNTIME = join(root, 'functions', 'http', 'openapi-runtime.ts');

const openApiPlugin: Plugin = {
  name: 'kmpj-openapi',
  setup(b) {
    b.onResolve({ filter: /^virtual:kmpj-openapi$/ }, (args) => ({
      path: args.path,
      namespace: 'kmpj-openapi',
    }));
    b.onLoad({ filter: /.*/, namespace: 'kmpj-openapi' }, async () => {
      const { openApiDocuments } = await import('./openapi-documents');
      const docs = await openApiDocuments();
      return {
        contents: Object.entries(docs)
          .map(([name, doc]) => `export const ${name} = ${JSON.stringify(doc)};`)
          .join('\n'),
        loader: 'js',
      };
    });
  },
};

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** The module our lazily loaded modules import, which imports what the entry imports (see coldHubPlugin). */
const COLD_HUB = 'kmpj:cold-hub';

/** What a first build (written nowhere) says about the entry's modules, as absolute paths. */
interface ModuleGraph {
  /** The entry's own static imports, our code and packages alike. */
  entryImports: string[];
  /** Modules of ours loaded with `import()` that no static import from the entry reaches. */
  lazyOnly: Set<string>;
}

async function moduleGraph(options: BuildOptions, entry: string): Promise<ModuleGraph> {
  const { metafile } = await build({
    ...options,
    metafile: true,
    write: false,
    sourcemap: false,
    minify: false,
  });
  const inputs = metafile.inputs;
  const isFile = (key: string) => !key.includes(':');
  const entryKey = relative(process.cwd(), entry);
  const reached = new Set<string>();
  const visit = (key: string) => {
    if (reached.has(key) || !inputs[key]) return;
    reached.add(key);
    for (const imp of inputs[key].imports) if (imp.kind !== 'dynamic-import') visit(imp.path);
  };
  visit(entryKey);
  const lazy = new Set<string>();
  for (const input of Object.values(inputs))
    for (const imp of input.imports)
      if (imp.kind === 'dynamic-import' && isFile(imp.path) && !imp.path.includes('node_modules'))
        lazy.add(imp.path);
  return {
    entryImports: (inputs[entryKey]?.imports ?? [])
      .filter((imp) => imp.kind === 'import-statement' && isFile(imp.path))
      .map((imp) => resolve(imp.path)),
    lazyOnly: new Set([...lazy].filter((key) => !reached.has(key)).map((key) => resolve(key))),
  };
}

/**
 * Gathers what a cold start reads into fewer files. esbuild puts each module into the chunk of
 * the set of entry points (the entry and every `import()`) that reach it, so the modules a cold
 * start reads were spread over as many chunks as there are such sets among them, and each file
 * costs Node a resolve, a read and a link. Here every module of ours that is only loaded lazily
 * also imports the entry's own imports (the hub): the cold-start modules are then reached by one
 * set and share a chunk. A lazily loaded module runs after the entry's imports have run, so the
 * extra import changes no order of evaluation; modules the entry reaches statically are left alone.
 */
function coldHubPlugin(graph: ModuleGraph): Plugin {
  return {
    name: 'kmpj-cold-hub',
    setup(b) {
      b.onResolve({ filter: new RegExp(`^${COLD_HUB}$`) }, () => ({
        path: 'hub',
        namespace: 'kmpj-cold-hub',
      }));
      b.onLoad({ filter: /.*/, namespace: 'kmpj-cold-hub' }, () => ({
        contents: graph.entryImports.map((path) => `import ${JSON.stringify(path)};`).join('\n'),
        resolveDir: root,
        loader: 'js',
      }));
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (!graph.lazyOnly.has(args.path)) return undefined;
        const source = await readFile(args.path, 'utf8');
        return { contents: `${source}\nimport ${JSON.stringify(COLD_HUB)};\n`, loader: 'ts' };
      });
    },
  };
}

/**
 * Bundles one entry (any file, e.g. a benchmark baseline) the way Lambda functions are bundled:
 * ESM, minified, with code splitting, so that a module loaded by `import()` (the KMS client, the
 * SSM client, exceljs …) lands in a chunk of its own that a cold start does not read; the modules
 * a cold start reads are gathered into few chunks (coldHubPlugin).
 */
export async function bundleEntry(entry: string, outDir: string, name = 'bundle'): Promise<BundleInfo> {
  const options: BuildOptions = {
    entryPoints: { index: entry },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    chunkNames: LAMBDA_CHUNK_NAMES,
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: LAMBDA_TARGET,
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    metafile: true,
    banner: { js: ESM_REQUIRE_BANNER },
    alias: { 'hono-openapi': OPENAPI_RUNTIME },
    plugins: [openApiPlugin],
    logLevel: 'warning',
  };
  const graph = await moduleGraph(options, entry);
  const { metafile } = await build({
    ...options,
    metafile: true,
    plugins: [...(options.plugins ?? []), coldHubPlugin(graph)],
  });
  const file = join(outDir, 'index.mjs');
  const key = (f: string) => relative(process.cwd(), f);
  const outputs = metafile.outputs;
  // The entry and its static imports, transitively: what `import(index.mjs)` reads.
  const cold = new Set<string>();
  const visit = (out: string) => {
    if (cold.has(out) || !outputs[out]) return;
    cold.add(out);
    for (const imp of outputs[out]?.imports ?? []) if (imp.kind === 'import-statement') visit(imp.path);
  };
  visit(key(file));
  const js = Object.keys(outputs).filter((f) => f.endsWith('.mjs'));
  const sum = (files: string[], size: (f: string) => number) => files.reduce((a, f) => a + size(f), 0);
  return {
    name,
    file,
    bytes: sum([...cold], (f) => outputs[f]?.bytes ?? 0),
    gzipBytes: sum([...cold], gz),
    totalGzipBytes: sum(js, gz),
    coldFiles: [...cold],
    metafile,
  };
}

export async function buildLambdas(outDir = join(root, 'dist', 'lambdas')): Promise<BundleInfo[]> {
  const out: BundleInfo[] = [];
  for (const [name, entry] of Object.entries(LAMBDA_ENTRIES)) {
    // A fresh directory: chunk names carry content hashes, so an old build's chunks would linger.
    rmSync(join(outDir, name), { recursive: true, force: true });
    out.push(await bundleEntry(join(root, entry), join(outDir, name), name));
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const b of await buildLambdas()) {
    console.log(
      `${b.name}: ${(b.bytes / 1024).toFixed(0)} KB, ${(b.gzipBytes / 1024).toFixed(0)} KB gzipped at cold start, ${(b.totalGzipBytes / 1024).toFixed(0)} KB gzipped in all → ${b.file}`,
    );
  }
}
