import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYNTH_TIMEOUT_MS, synthesize } from './synth-fixture';

/** One synth per target and stage; each runs the AwsSolutions and Serverless packs over every stack. */
describe.each([
  ['global', 'prod'],
  ['global', 'dev'],
  ['china', 'prod'],
] as const)('cdk-nag on the %s target, %s stage', (target, stage) => {
  it(
    'finds nothing that is neither fixed nor acknowledged with a reason, in any stack',
    () => {
      const synth = synthesize({ target, stage, nag: true });
      try {
        const stackNames = synth.app.node.children.map((c) => c.node.id);
        expect(stackNames.length).toBeGreaterThanOrEqual(4);
        // app.synth() throws on a finding; a report, if one is written, must list no violation either.
        const report = path.join(synth.app.outdir, 'validation-report.json');
        if (existsSync(report)) {
          const parsed = JSON.parse(readFileSync(report, 'utf8')) as {
            pluginReports: Array<{ violations: unknown[] }>;
          };
          expect(parsed.pluginReports.flatMap((p) => p.violations)).toEqual([]);
        }
      } finally {
        synth.cleanup();
      }
    },
    SYNTH_TIMEOUT_MS,
  );
});
