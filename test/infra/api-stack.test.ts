import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allTables, responsesTable, scoringTable } from '../../functions/db/tables';
import { buildStacks } from '../../infra/app';

type Resources = Record<
  string,
  { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string }
>;
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

describe('ApiStack', () => {
  let webDir: string;
  let stacks: ReturnType<typeof buildStacks>;
  let app: App;
  let resources: Resources;
  let fnLogicalId: string;
  /** Export name of a DataStack output → spec logical name of the table it points at. */
  let exportToTable: Map<string, string>;

  beforeAll(() => {
    webDir = mkdtempSync(path.join(tmpdir(), 'kmpj-web-'));
    writeFileSync(path.join(webDir, 'index.html'), '<!doctype html>');
    app = new App();
    stacks = buildStacks(app, { stage: 'prod', webDir });
    resources = Template.fromStack(stacks.api).toJSON().Resources;
    fnLogicalId = stacks.api.getLogicalId(stacks.api.publicFunction.fn.node.defaultChild as CfnElement);

    const { data } = stacks;
    const tableByLogicalId = new Map(
      data.tables.map((t) => [data.getLogicalId(t.node.defaultChild as CfnElement), t.spec.logicalName]),
    );
    const outputs: Record<string, { Value: unknown; Export: { Name: string } }> =
      Template.fromStack(data).toJSON().Outputs ?? {};
    exportToTable = new Map();
    for (const output of Object.values(outputs)) {
      const value = output.Value as { 'Fn::GetAtt'?: [string, string]; Ref?: string };
      const table = tableByLogicalId.get(value['Fn::GetAtt']?.[0] ?? value.Ref ?? '');
      if (table) exportToTable.set(output.Export.Name, table);
    }
  });

  afterAll(() => rmSync(webDir, { recursive: true, force: true }));

  function publicFunction() {
    const fn = resources[fnLogicalId];
    if (!fn) throw new Error('public function not found');
    return fn.Properties;
  }

  /** Statements of the policies attached to the public function's role. */
  function publicFunctionStatements(): Statement[] {
    const roleId = (publicFunction().Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    return Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .filter((r) => (r.Properties.Roles as Array<{ Ref: string }>).some((role) => role.Ref === roleId))
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  }

  /** Tables (spec logical names) a statement's resources point at, table ARNs and index ARNs alike. */
  function tablesOf(statement: Statement): string[] {
    const found = new Set<string>();
    JSON.stringify(statement.Resource, (key, value) => {
      if (key === 'Fn::ImportValue' && exportToTable.has(value))
        found.add(exportToTable.get(value) as string);
      return value;
    });
    return [...found];
  }

  function tablesGranted(predicate: (actions: string[]) => boolean): string[] {
    const tables = publicFunctionStatements()
      .filter((s) => s.Effect === 'Allow')
      .filter((s) => predicate([s.Action].flat()))
      .flatMap(tablesOf);
    return [...new Set(tables)].sort();
  }

  it('runs the public API on Node.js 22 on arm64 with explicit memory and timeout', () => {
    const fn = publicFunction();
    expect(fn.Runtime).toBe('nodejs22.x');
    expect(fn.Architectures).toEqual(['arm64']);
    expect(fn.MemorySize).toBe(512);
    expect(fn.Timeout).toBe(10);
  });

  it('bundles the handler as ESM that starts with a require shim and links a source map', () => {
    // The S3 key of a bundled asset is its hash; the staged bundle sits in `asset.<hash>` of the assembly.
    const { S3Key } = publicFunction().Code as { S3Key: string };
    const dir = path.join(app.outdir, `asset.${S3Key.replace(/\.zip$/, '')}`);
    const bundle = readFileSync(path.join(dir, 'index.mjs'), 'utf8');
    expect(bundle.startsWith('import { createRequire as __kmpjCreateRequire }')).toBe(true);
    expect(bundle).toContain('sourceMappingURL=index.mjs.map');
    expect(publicFunction().Handler).toBe('index.handler');
  });

  it('passes table names, the QR secret and runtime settings through the environment', () => {
    const variables = (publicFunction().Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(variables).sort()).toEqual(
      [
        'NODE_OPTIONS',
        'POWERTOOLS_SERVICE_NAME',
        'QR_SECRET_ARN',
        'TABLE_DIRECTORY',
        'TABLE_QUESTIONNAIRES',
        'TABLE_RESPONSES',
      ].sort(),
    );
    expect(variables.POWERTOOLS_SERVICE_NAME).toBe('kmpj-public-api');
    expect(variables.NODE_OPTIONS).toBe('--enable-source-maps');
    expect(variables).not.toHaveProperty(scoringTable.envVar);
  });

  it('grants the public API write access only to the responses table', () => {
    expect(tablesGranted((actions) => actions.some((a) => WRITE_ACTIONS.includes(a)))).toEqual([
      responsesTable.logicalName,
    ]);
  });

  it('lets the public API read the directory, questionnaires and responses but never the scoring table', () => {
    expect(tablesGranted((actions) => actions.includes('dynamodb:GetItem'))).toEqual(
      ['Directory', 'Questionnaires', 'Responses'].sort(),
    );
    expect(allTables.map((t) => t.logicalName)).toContain(scoringTable.logicalName);
    expect(publicFunctionStatements().flatMap(tablesOf)).not.toContain(scoringTable.logicalName);
  });

  it('never grants wildcard resources or actions to the public API', () => {
    for (const statement of publicFunctionStatements()) {
      expect(statement.Resource).not.toBe('*');
      expect([statement.Action].flat().some((a) => a.endsWith(':*'))).toBe(false);
    }
  });

  it('lets the public API read the QR secret, generated with 64 characters and kept in prod', () => {
    const secretId = stacks.api.getLogicalId(stacks.api.qrSecret.node.defaultChild as CfnElement);
    const secret = resources[secretId];
    expect(secret?.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64 });
    expect(secret?.DeletionPolicy).toBe('Retain');
    const reads = publicFunctionStatements().filter((s) =>
      [s.Action].flat().includes('secretsmanager:GetSecretValue'),
    );
    expect(reads.map((s) => s.Resource)).toEqual([{ Ref: secretId }]);
  });

  it('serves the API as a regional REST API proxying every path to the function', () => {
    const template = Template.fromJSON({ Resources: resources });
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
    template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: '{proxy+}' });
  });

  it('throttles the REST API stage and the proxy method and traces requests', () => {
    const stage = Object.values(resources).find((r) => r.Type === 'AWS::ApiGateway::Stage');
    expect(stage?.Properties.TracingEnabled).toBe(true);
    const settings = stage?.Properties.MethodSettings as Array<Record<string, unknown>>;
    const stageWide = settings.find((s) => s.ResourcePath === '/*' && s.HttpMethod === '*');
    const proxy = settings.find((s) => s.ResourcePath === '/~1{proxy+}' && s.HttpMethod === 'ANY');
    for (const setting of [stageWide, proxy]) {
      expect(setting?.ThrottlingRateLimit).toBeGreaterThan(0);
      expect(setting?.ThrottlingBurstLimit).toBeGreaterThanOrEqual(setting?.ThrottlingRateLimit as number);
    }
  });
});
