/**
 * CDK entry point (`cdk.json` runs `npx tsx infra/app.ts`).
 *
 *   npx cdk synth -q                  # dev stage, global target
 *   npx cdk deploy --all -c stage=prod
 *   npx cdk synth -q -c target=china -c region=cn-north-1 -c oidcIssuer=https://… -c oidcAudience=… \
 *     -c domainName=survey.example.gov.cn -c iamCertificateId=…
 *
 * Synth needs no AWS credentials and no network: no lookups, local esbuild bundling.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type Environment, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { type AppSettings, loadAppSettings } from './app-settings';
import { parseStage, parseTarget, repoRoot, type Stage, stageConfig, type TargetConfig } from './config';
import { ApiStack, type PublicBaseUrlSource, type StaffIdentity } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';
import { IdentityStack } from './stacks/identity-stack';
import { JobsStack } from './stacks/jobs-stack';
import { OpsStack } from './stacks/ops-stack';
import { ReachStack } from './stacks/reach-stack';
import { WebStack } from './stacks/web-stack';

/** Options of {@link buildStacks}. */
export interface BuildOptions {
  readonly stage: Stage;
  /** Directory holding the built web files (must contain index.html). */
  readonly webDir: string;
  /** Global (default) or China; see {@link parseTarget}. */
  readonly target?: TargetConfig;
  readonly env?: Environment;
  /** Application settings of the deployment (see app-settings.ts). */
  readonly appSettings?: AppSettings;
}

const DEFAULT_TARGET: TargetConfig = { target: 'global', tracing: true };

/**
 * Adds the stacks of one stage and target to `app`. Used by the entry point and by the infra tests.
 *
 * data → (identity) → api → web, ops after api, and jobs after ops (its alarms notify ops' topic). The web ↔ api cycle (the console prints the
 * site's URL in QR codes, the site routes to the APIs) is cut by the custom domain when there is
 * one, and otherwise by an SSM parameter the web stack writes and the console reads at cold start.
 */
export function buildStacks(app: App, options: BuildOptions) {
  const stage = stageConfig(options.stage);
  // `-c rollupRecountRepair=false`: the nightly rollup recount only reports drift in this deployment.
  const recountRepair = app.node.tryGetContext('rollupRecountRepair') as string | boolean | undefined;
  const config = {
    ...stage,
    appSettings: options.appSettings,
    rollupRecount: {
      ...stage.rollupRecount,
      repair: recountRepair === undefined ? stage.rollupRecount.repair : String(recountRepair) !== 'false',
    },
  };
  const target = options.target ?? DEFAULT_TARGET;
  const env = target.region ? { ...options.env, region: target.region } : options.env;
  const common = { config, env };
  const name = (suffix: string) => ({ stackName: `${config.stackPrefix}${suffix}` });

  const data = new DataStack(app, `${config.stackPrefix}data`, { ...common, ...name('data') });
  let identity: IdentityStack | undefined;
  let staffIdentity: StaffIdentity;
  if (target.oidc) {
    staffIdentity = target.oidc;
  } else {
    const siteUrl = target.domain
      ? `https://${target.domain.domainName}`
      : (app.node.tryGetContext('siteUrl') as string | undefined);
    identity = new IdentityStack(app, `${config.stackPrefix}identity`, {
      ...common,
      ...name('identity'),
      consoleUrl: siteUrl ? `${siteUrl.replace(/\/$/, '')}/console/` : undefined,
    });
    staffIdentity = identity.staffIdentity;
  }
  const publicBaseUrl: PublicBaseUrlSource = target.domain
    ? { url: `https://${target.domain.domainName}` }
    : { parameterName: `/kmpj/${config.stage}/public-base-url` };
  const api = new ApiStack(app, `${config.stackPrefix}api`, {
    ...common,
    ...name('api'),
    target,
    data,
    staffIdentity,
    publicBaseUrl,
  });
  const web = new WebStack(app, `${config.stackPrefix}web`, {
    ...common,
    ...name('web'),
    target,
    api: api.api,
    consoleApi: api.consoleApi,
    originVerifySecret: api.originVerifySecret,
    webDir: options.webDir,
    consoleSignIn: { issuer: staffIdentity.issuer, clientId: staffIdentity.audience },
    publicBaseUrlParameter: 'parameterName' in publicBaseUrl ? publicBaseUrl.parameterName : undefined,
  });
  const ops = new OpsStack(app, `${config.stackPrefix}ops`, { ...common, ...name('ops'), target, data, api });
  const jobs = new JobsStack(app, `${config.stackPrefix}jobs`, {
    ...common,
    ...name('jobs'),
    target,
    data,
    alarmTopic: ops.alarmTopic,
    siteOrigin: 'url' in publicBaseUrl ? publicBaseUrl.url : undefined,
  });
  const reach = new ReachStack(app, `${config.stackPrefix}reach`, {
    ...common,
    ...name('reach'),
    target,
    data,
    qrSecret: api.qrSecret,
    alarmTopic: ops.alarmTopic,
  });
  Tags.of(app).add('project', 'kmpj');
  Tags.of(app).add('stage', config.stage);
  Tags.of(app).add('target', target.target);
  return { data, identity, api, web, ops, jobs, reach };
}

/**
 * Runs the cdk-nag AwsSolutions and Serverless packs on every stack at synth: any finding that is
 * neither fixed nor acknowledged with a reason makes `app.synth()` (and `cdk synth`) fail.
 */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
}

/** Configuration mistakes end the process with one readable line instead of a stack trace. */
function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function main(): void {
  const app = new App();
  let stage: Stage;
  let target: TargetConfig;
  let appSettings: AppSettings;
  try {
    stage = parseStage(app.node.tryGetContext('stage'));
    target = parseTarget((key) => app.node.tryGetContext(key));
    appSettings = loadAppSettings(app.node.tryGetContext('settingsFile'));
  } catch (error) {
    fail((error as Error).message);
  }
  const webDir = path.join(repoRoot, 'web', 'dist');
  if (!existsSync(path.join(webDir, 'index.html'))) fail('web/dist not found: run npm run build:web first');
  // Env-agnostic unless the CLI resolved an account/region: synth stays offline and credential-free.
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  buildStacks(app, { stage, webDir, env, target, appSettings });
  addNagChecks(app);
  app.synth();
}

// Run only when executed (tsx infra/app.ts), not when imported by tests.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
