/**
 * CDK entry point (`cdk.json` runs `npx tsx infra/app.ts`).
 *
 *   npx cdk synth -q                  # dev stage
 *   npx cdk deploy --all -c stage=prod
 *
 * Synth needs no AWS credentials and no network: no lookups, local esbuild bundling.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type Environment, Tags } from 'aws-cdk-lib';
import { parseStage, repoRoot, type Stage, stageConfig } from './config';
import { ApiStack } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';
import { WebStack } from './stacks/web-stack';

/** Options of {@link buildStacks}. */
export interface BuildOptions {
  readonly stage: Stage;
  /** Directory holding the built web files (must contain index.html). */
  readonly webDir: string;
  readonly env?: Environment;
}

/** Adds the three stacks of one stage to `app`. Used by the entry point and by the infra tests. */
export function buildStacks(app: App, options: BuildOptions) {
  const config = stageConfig(options.stage);
  const common = { config, env: options.env };
  const data = new DataStack(app, `${config.stackPrefix}data`, {
    ...common,
    stackName: `${config.stackPrefix}data`,
  });
  const api = new ApiStack(app, `${config.stackPrefix}api`, {
    ...common,
    stackName: `${config.stackPrefix}api`,
    data,
  });
  const web = new WebStack(app, `${config.stackPrefix}web`, {
    ...common,
    stackName: `${config.stackPrefix}web`,
    api: api.api,
    webDir: options.webDir,
  });
  Tags.of(app).add('project', 'kmpj');
  Tags.of(app).add('stage', config.stage);
  return { data, api, web };
}

/** Configuration mistakes end the process with one readable line instead of a stack trace. */
function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function main(): void {
  const app = new App();
  let stage: Stage;
  try {
    stage = parseStage(app.node.tryGetContext('stage'));
  } catch (error) {
    fail((error as Error).message);
  }
  const webDir = path.join(repoRoot, 'web', 'dist');
  if (!existsSync(path.join(webDir, 'index.html'))) fail('web/dist not found: run npm run build:web first');
  // Env-agnostic unless the CLI resolved an account/region: synth stays offline and credential-free.
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  buildStacks(app, { stage, webDir, env });
  app.synth();
}

// Run only when executed (tsx infra/app.ts), not when imported by tests.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
