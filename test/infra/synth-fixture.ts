/** Builds the whole app once per test file, for one target and stage, optionally with cdk-nag. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, type CfnElement, type Stack } from 'aws-cdk-lib';

/** Hook timeout for a synth: a few seconds normally, far more on a loaded 2-core CI machine. */
export const SYNTH_TIMEOUT_MS = 180_000;

import { Template } from 'aws-cdk-lib/assertions';
import { addNagChecks, buildStacks } from '../../infra/app';
import type { AppSettings } from '../../infra/app-settings';
import { parseTarget, type Stage } from '../../infra/config';

/** Context of a complete China deployment (example values; nothing is looked up). */
export const CHINA_CONTEXT: Record<string, string> = {
  target: 'china',
  region: 'cn-north-1',
  oidcIssuer: 'https://idp.example.gov.cn/realms/kmpj',
  oidcAudience: 'kmpj-console',
  domainName: 'pj.example.gov.cn',
  iamCertificateId: 'ASCAEXAMPLEEXAMPLE1',
};

export type Resources = Record<
  string,
  { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string }
>;
export type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

export interface Synthesized {
  app: App;
  stacks: ReturnType<typeof buildStacks>;
  webDir: string;
  template(stack: Stack): Template;
  resources(stack: Stack): Resources;
  logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } }): string;
  cleanup(): void;
}

/**
 * Synthesizes every stack of `target` × `stage`; with `nag`, `app.synth()` throws on any
 * unacknowledged finding. Lambda bundling (esbuild of each handler, seconds each) is skipped unless
 * `bundle` is set: the templates are the same apart from asset hashes.
 */
export function synthesize(options: {
  target: 'global' | 'china';
  stage: Stage;
  nag?: boolean;
  /** Run esbuild for each function (only needed to inspect the staged bundle). */
  bundle?: boolean;
  /** Application settings of the deployment (`-c settingsFile=…`). */
  appSettings?: AppSettings;
  /** More context values (`-c key=value`) over the target's own. */
  context?: Record<string, string>;
}): Synthesized {
  const webDir = mkdtempSync(path.join(tmpdir(), 'kmpj-web-'));
  writeFileSync(path.join(webDir, 'index.html'), '<!doctype html>');
  const context = { ...(options.target === 'china' ? CHINA_CONTEXT : {}), ...options.context };
  const app = new App({
    context: { ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }), ...options.context },
  });
  const stacks = buildStacks(app, {
    stage: options.stage,
    webDir,
    target: parseTarget((key) => context[key]),
    appSettings: options.appSettings,
  });
  if (options.nag) addNagChecks(app);
  app.synth();
  const templates = new Map<Stack, Template>();
  const template = (stack: Stack) => {
    let t = templates.get(stack);
    if (!t) {
      t = Template.fromStack(stack);
      templates.set(stack, t);
    }
    return t;
  };
  return {
    app,
    stacks,
    webDir,
    template,
    resources: (stack) => template(stack).toJSON().Resources as Resources,
    logicalId: (stack, construct) => stack.getLogicalId(construct.node.defaultChild as CfnElement),
    cleanup: () => rmSync(webDir, { recursive: true, force: true }),
  };
}

/** Policy statements attached to a role, given the role's logical id. */
export function statementsOfRole(resources: Resources, roleLogicalId: string): Statement[] {
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) => (r.Properties.Roles as Array<{ Ref: string }>).some((role) => role.Ref === roleLogicalId))
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}
