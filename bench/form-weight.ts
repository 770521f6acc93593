/** Ratio 1: the citizen form's gzipped weight against SurveyJS's framework-free bundle. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

export function formWeight(webDist: string) {
  const ours = filesUnder(join(webDist, 'f')).reduce((n, f) => n + gz(f), 0);
  // The packages export only their entry points; the minified browser bundles sit beside them.
  const coreDir = dirname(require.resolve('survey-core'));
  const uiDir = dirname(require.resolve('survey-js-ui'));
  const core = join(coreDir, 'survey.core.min.js');
  const ui = join(uiDir, 'survey-js-ui.min.js');
  const css = join(coreDir, 'survey-core.min.css');
  const surveyjs = gz(core) + gz(ui) + gz(css);
  return { ours, surveyjs, ratio: ours / surveyjs };
}
