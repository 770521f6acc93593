import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { localServerArgs, START_SCRIPT } from '../../../local/server-command';

describe('the local server command', () => {
  it('is what package.json runs for npm start', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(START_SCRIPT);
  });

  it('puts extra Node flags after the defaults (so they win) and before the script', () => {
    const args = localServerArgs(['--max-old-space-size=4096']);
    expect(args.indexOf('--max-old-space-size=4096')).toBeGreaterThan(
      args.indexOf('--max-old-space-size=1536'),
    );
    expect(args.slice(-3)).toEqual(['--import', 'tsx', 'local/main.ts']);
  });
});
