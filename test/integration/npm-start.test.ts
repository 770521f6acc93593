/**
 * What a newcomer sees with `npm start`: the process is run as a child exactly like the
 * script does, then stopped with SIGINT like Ctrl-C.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localServerArgs } from '../../local/server-command';
import { aSubmission } from '../fixtures/factories';
import { decodeQrPng } from '../fixtures/qr';

const dataDir = mkdtempSync(join(tmpdir(), 'kmpj-start-'));
const children: ChildProcess[] = [];

interface Started {
  child: ChildProcess;
  baseUrl: string;
  formUrls: string[];
}

function start(env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, localServerArgs(), {
    // The demo history has its own test (demo-history.test.ts); here it would only slow the starts.
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, DEMO_HISTORY: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  return new Promise((ok, fail) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('Press Ctrl-C')) {
        ok({
          child,
          baseUrl: /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!,
          formUrls: out.split('\n').flatMap((l) => /^(http\S+\/f\/\?t=\S+)/.exec(l)?.[1] ?? []),
        });
      }
    });
    child.stderr!.on('data', (d) => {
      err += d;
    });
    child.on('exit', (code) => fail(new Error(`exited ${code}: ${err}`)));
  });
}

const stopWithCtrlC = (child: ChildProcess) =>
  new Promise<number | null>((ok) => {
    child.once('exit', (code) => ok(code));
    child.kill('SIGINT');
  });

const javaProcessesFor = (dir: string) =>
  spawnSync('pgrep', ['-f', `DynamoDBLocal.jar.*${dir}`], { encoding: 'utf8' }).stdout.trim();

// A failed test must not orphan DynamoDB Local: stop leftovers the way Ctrl-C would.
afterAll(async () => {
  await Promise.all(children.filter((c) => c.exitCode === null).map(stopWithCtrlC));
});

// Each start launches DynamoDB Local and the server: slow on a busy machine.
describe('npm start', { timeout: 120_000 }, () => {
  let firstUrls: string[] = [];
  let receipt: unknown;
  const body = aSubmission();

  it('serves the API, prints one URL per demo form and writes QR codes that decode to them', async () => {
    const s = await start();
    expect(s.formUrls.length).toBeGreaterThanOrEqual(9);
    firstUrls = s.formUrls;
    const token = new URL(s.formUrls[0]!).searchParams.get('t')!;
    const form = await fetch(`${s.baseUrl}/api/v1/forms/${token}`);
    expect(form.status).toBe(200);
    const res = await fetch(`${s.baseUrl}/api/v1/forms/${token}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    receipt = await res.json();
    const spId = (await form.json()).servicePoint.id;
    expect(existsSync(join(dataDir, 'qr', `${spId}.svg`))).toBe(true);
    // The console's sign-in settings: present (no 404 on every load), naming no issuer (dev sign-in).
    const config = await fetch(`${s.baseUrl}/console/config.json`);
    expect(config.status).toBe(200);
    expect(await config.json()).not.toHaveProperty('issuer');
    expect(decodeQrPng(join(dataDir, 'qr', `${spId}.png`))).toBe(s.formUrls[0]);

    expect(javaProcessesFor(dataDir)).not.toBe('');
    expect(await stopWithCtrlC(s.child)).toBe(0);
    expect(javaProcessesFor(dataDir)).toBe('');
  });

  it('keeps its data: a second start prints the same tokens and remembers the response', async () => {
    const s = await start();
    // PORT=0 picks a new port each run; with the default PORT the URLs are identical too.
    const tokens = (urls: string[]) => urls.map((u) => new URL(u).search);
    expect(tokens(s.formUrls)).toEqual(tokens(firstUrls));
    const token = new URL(s.formUrls[0]!).searchParams.get('t')!;
    const replay = await fetch(`${s.baseUrl}/api/v1/forms/${token}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(replay.status).toBe(201);
    expect(await replay.json()).toEqual(receipt);
    expect(await stopWithCtrlC(s.child)).toBe(0);
    expect(javaProcessesFor(dataDir)).toBe('');
  });

  it('prints one clear line when Java is missing', () => {
    const bin = mkdtempSync(join(tmpdir(), 'kmpj-nojava-'));
    mkdirSync(join(bin, 'bin'));
    symlinkSync(process.execPath, join(bin, 'bin', 'node'));
    const out = spawnSync(process.execPath, localServerArgs(), {
      env: { ...process.env, PATH: join(bin, 'bin'), DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(out.status).toBe(1);
    const lines = out.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Java 17 or later/);
  });
});
