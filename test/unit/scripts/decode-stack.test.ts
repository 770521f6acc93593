import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleEntry } from '../../../scripts/build-lambdas';
import { decodeStack } from '../../../scripts/decode-stack';

describe('decode-stack', () => {
  it('maps a trace thrown in a minified bundle, run without source maps, to the TypeScript line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmpj-decode-'));
    const bundle = await bundleEntry('test/fixtures/throwing-entry.ts', dir);
    // A plain Node, as the public function runs: the trace points into the minified bundle.
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(bundle.file)}); try { m.fail(); } catch (e) { console.log(e.stack); }`,
      ],
      { encoding: 'utf8' },
    );
    const stack = run.stdout.replaceAll(dir, '/var/task');
    expect(stack).toContain('/var/task/index.mjs:');
    expect(stack).not.toContain('throwing-entry');

    const decoded = decodeStack(stack, dir);
    expect(decoded).toContain('Error: decode me');
    expect(decoded).toMatch(/test\/fixtures\/throwing-entry\.ts:3:\d+/);
    expect(decoded).not.toContain('index.mjs:');
  });

  it('leaves a frame of a file it has no map for as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmpj-decode-'));
    const stack = 'Error: x\n    at f (/var/task/chunks/gone-ABC.mjs:1:10)';
    expect(decodeStack(stack, dir)).toBe(stack);
  });
});
