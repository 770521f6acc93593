import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allTables,
  auditTable,
  quietLimitsTable,
  responsesTable,
  scoringTable,
} from '../../functions/db/tables';
import type { AppFunction } from '../../infra/constructs/app-function';
import {
  type Resources,
  type Statement,
  SYNTH_TIMEOUT_MS,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from './synth-fixture';

const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

describe('ApiStack (global, prod)', () => {
  let synth: Synthesized;
  let resources: Resources;
  /** Export name of a DataStack output → spec logical name of the table it points at. */
  let exportToTable: Map<string, string>;

  beforeAll(() => {
    // The only synth that bundles: one test reads the staged bundle.
    synth = synthesize({ target: 'global', stage: 'prod', bundle: true });
    resources = synth.resources(synth.stacks.api);
    const { data } = synth.stacks;
    const tableByLogicalId = new Map(data.tables.map((t) => [synth.logicalId(data, t), t.spec.logicalName]));
    const outputs: Record<string, { Value: unknown; Export: { Name: string } }> =
      synth.template(data).toJSON().Outputs ?? {};
    exportToTable = new Map();
    for (const output of Object.values(outputs)) {
      const value = output.Value as { 'Fn::GetAtt'?: [string, string]; Ref?: string };
      const table = tableByLogicalId.get(value['Fn::GetAtt']?.[0] ?? value.Ref ?? '');
      if (table) exportToTable.set(output.Export.Name, table);
    }
  }, SYNTH_TIMEOUT_MS);

  afterAll(() => synth.cleanup());

  function fnProps(fn: AppFunction) {
    const resource = resources[synth.logicalId(synth.stacks.api, fn.fn)];
    if (!resource) throw new Error('function not found');
    return resource.Properties;
  }

  function statements(fn: AppFunction): Statement[] {
    return statementsOfRole(resources, synth.logicalId(synth.stacks.api, fn.role));
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

  function tablesGranted(fn: AppFunction, predicate: (actions: string[]) => boolean): string[] {
    const tables = statements(fn)
      .filter((s) => s.Effect === 'Allow')
      .filter((s) => predicate([s.Action].flat()))
      .flatMap(tablesOf);
    return [...new Set(tables)].sort();
  }

  const publicFn = () => synth.stacks.api.publicFunction;
  const consoleFn = () => synth.stacks.api.consoleFunction;

  it('runs both functions on Node.js 22 on arm64 with deliberate memory, timeout and active tracing', () => {
    expect(fnProps(publicFn())).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 512,
      Timeout: 10,
      TracingConfig: { Mode: 'Active' },
    });
    expect(fnProps(consoleFn())).toMatchObject({
      Runtime: 'nodejs22.x',
      MemorySize: 1024,
      Timeout: 25,
      TracingConfig: { Mode: 'Active' },
    });
  });

  it('bundles the handler as ESM that starts with a require shim and links a source map', () => {
    const { S3Key } = fnProps(publicFn()).Code as { S3Key: string };
    const dir = path.join(synth.app.outdir, `asset.${S3Key.replace(/\.zip$/, '')}`);
    const bundle = readFileSync(path.join(dir, 'index.mjs'), 'utf8');
    expect(bundle.startsWith('import { createRequire as __kmpjCreateRequire }')).toBe(true);
    expect(bundle).toContain('sourceMappingURL=index.mjs.map');
    expect(fnProps(publicFn()).Handler).toBe('index.handler');
    // Code-split: the KMS cipher (loaded by the first ballot with a phone) is a chunk of its own.
    const chunks = readdirSync(path.join(dir, 'chunks'));
    expect(chunks.some((f) => f.startsWith('contact-cipher-kms-') && f.endsWith('.mjs'))).toBe(true);
    expect(bundle).not.toContain('TrentService');
  });

  it('passes table names, the QR and origin-verify secrets, the contact key, the base URL and observability settings to the public API', () => {
    const variables = (fnProps(publicFn()).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(variables).sort()).toEqual(
      [
        'CONTACT_KEY_ARN',
        'KMPJ_STAGE',
        'ORIGIN_VERIFY_SECRET_ARN',
        'POWERTOOLS_METRICS_NAMESPACE',
        'POWERTOOLS_SERVICE_NAME',
        'POWERTOOLS_TRACE_ENABLED',
        'PUBLIC_BASE_URL_PARAMETER',
        'QR_SECRET_ARN',
        'TABLE_DIRECTORY',
        'TABLE_QUESTIONNAIRES',
        'TABLE_RESPONSES',
      ].sort(),
    );
    expect(variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'kmpj-public-api',
      POWERTOOLS_METRICS_NAMESPACE: 'Kmpj',
      KMPJ_STAGE: 'prod',
    });
    // No source maps decoded at each cold start of the citizen's API (they are mapped afterwards).
    expect(variables).not.toHaveProperty('NODE_OPTIONS');
    expect(variables).not.toHaveProperty(scoringTable.envVar);
  });

  it('gives the console its tables, the secret, the staff token issuer and where to find the base URL', () => {
    const variables = (fnProps(consoleFn()).Environment as { Variables: Record<string, unknown> }).Variables;
    for (const spec of allTables.filter((t) => t !== quietLimitsTable)) {
      expect(variables).toHaveProperty(spec.envVar);
    }
    // Only the Responses stream's handler touches the quiet-limit counters.
    expect(variables).not.toHaveProperty(quietLimitsTable.envVar);
    expect(statements(consoleFn()).flatMap(tablesOf)).not.toContain(quietLimitsTable.logicalName);
    expect(variables).toHaveProperty('QR_SECRET_ARN');
    expect(variables.NODE_OPTIONS).toBe('--enable-source-maps');
    expect(JSON.stringify(variables.JWT_ISSUER)).toContain('cognito-idp');
    expect(variables.JWT_AUDIENCE).toBeDefined();
    // No custom domain: the URL comes from the parameter the web stack writes (no web ↔ api cycle).
    expect(variables.PUBLIC_BASE_URL_PARAMETER).toBe('/kmpj/prod/public-base-url');
    const ssmRead = statements(consoleFn()).find((s) => [s.Action].flat().includes('ssm:GetParameter'));
    expect(JSON.stringify(ssmRead?.Resource)).toContain('parameter/kmpj/prod/public-base-url');
  });

  it('grants the public API write access only to the responses table', () => {
    expect(tablesGranted(publicFn(), (a) => a.some((x) => WRITE_ACTIONS.includes(x)))).toEqual([
      responsesTable.logicalName,
    ]);
    // The quiet-limit counters are the stream's: the citizen's API cannot touch them.
    const variables = (fnProps(publicFn()).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables).not.toHaveProperty(quietLimitsTable.envVar);
  });

  it('lets the public API read the directory, questionnaires and responses but never scoring or audit', () => {
    expect(tablesGranted(publicFn(), (a) => a.includes('dynamodb:GetItem'))).toEqual(
      ['Directory', 'Questionnaires', 'Responses'].sort(),
    );
    const touched = statements(publicFn()).flatMap(tablesOf);
    expect(touched).not.toContain(scoringTable.logicalName);
    expect(touched).not.toContain(auditTable.logicalName);
  });

  it('lets the console append to the audit trail but never update or delete an entry', () => {
    const auditActions = statements(consoleFn())
      .filter((s) => tablesOf(s).includes(auditTable.logicalName))
      .flatMap((s) => [s.Action].flat());
    expect(auditActions).toContain('dynamodb:PutItem');
    expect(auditActions).toContain('dynamodb:Query');
    for (const forbidden of ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'])
      expect(auditActions).not.toContain(forbidden);
    expect(tablesGranted(consoleFn(), (a) => a.includes('dynamodb:UpdateItem'))).toEqual(
      ['Directory', 'Questionnaires', 'Responses', 'Scoring'].sort(),
    );
  });

  it('grants table access on the table and its named indexes, never on index/*', () => {
    for (const fn of [publicFn(), consoleFn()]) {
      const dynamo = statements(fn).filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
      expect(JSON.stringify(dynamo)).not.toContain('/index/*');
      expect(JSON.stringify(dynamo)).toContain('/index/gsi1');
    }
  });

  /** KMS statements on one of the data stack's keys, told apart by the export of its ARN. */
  function keyStatements(fn: AppFunction, key: 'DataKey' | 'ContactKey'): Statement[] {
    return statements(fn)
      .filter((s) => [s.Action].flat().some((a) => a.startsWith('kms:')))
      .filter((s) => JSON.stringify(s.Resource).includes(key));
  }

  it('lets the functions use the data key only through DynamoDB and Secrets Manager', () => {
    for (const fn of [publicFn(), consoleFn()]) {
      const kms = keyStatements(fn, 'DataKey');
      expect(kms.length).toBeGreaterThan(0);
      for (const s of kms)
        expect(JSON.stringify(s.Condition)).toMatch(/kms:ViaService.*(dynamodb|secretsmanager)\./);
    }
  });

  it('lets the public API only encrypt with the contact key, and the console also decrypt', () => {
    const actionsOn = (fn: AppFunction) => keyStatements(fn, 'ContactKey').flatMap((s) => [s.Action].flat());
    expect(actionsOn(publicFn()).sort()).toEqual(['kms:Encrypt']);
    expect(actionsOn(consoleFn()).sort()).toEqual(['kms:Decrypt', 'kms:Encrypt']);
    for (const fn of [publicFn(), consoleFn()]) {
      const variables = (fnProps(fn).Environment as { Variables: Record<string, unknown> }).Variables;
      expect(JSON.stringify(variables.CONTACT_KEY_ARN)).toContain('ContactKey');
    }
  });

  it('lets the public API read the base-URL parameter, as the console does', () => {
    const ssmRead = statements(publicFn()).find((s) => [s.Action].flat().includes('ssm:GetParameter'));
    expect(JSON.stringify(ssmRead?.Resource)).toContain('parameter/kmpj/prod/public-base-url');
  });

  it('lets the console presign uploads only under the uploads/ prefix of the upload bucket', () => {
    const variables = (fnProps(consoleFn()).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(JSON.stringify(variables.UPLOAD_BUCKET)).toContain('kmpj-prod-uploads-');
    const puts = statements(consoleFn()).filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')));
    expect(puts.flatMap((s) => [s.Action].flat())).toEqual(['s3:PutObject']);
    expect(JSON.stringify(puts[0]?.Resource)).toMatch(/kmpj-prod-uploads-.*\/uploads\/\*/);
  });

  it('throttles submissions, integrations and displays tighter than the stage', () => {
    const stage = Object.values(resources).find((r) => r.Type === 'AWS::ApiGateway::Stage');
    const settings = stage?.Properties.MethodSettings as Array<Record<string, number | string>>;
    const stageWide = settings.find((s) => s.ResourcePath === '/*' && s.HttpMethod === '*');
    for (const [path, method] of [
      ['/~1api~1v1~1forms~1{token}~1responses', 'POST'],
      ['/~1api~1v1~1integrations~1{proxy+}', 'ANY'],
      ['/~1api~1v1~1displays~1{proxy+}', 'ANY'],
    ]) {
      const setting = settings.find((s) => s.ResourcePath === path && s.HttpMethod === method);
      expect(setting?.ThrottlingRateLimit, path).toBeLessThan(stageWide?.ThrottlingRateLimit as number);
    }
    // Each throttled path is a real resource with that method, integrated with the same function.
    const methods = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGateway::Method');
    expect(methods.map((m) => m.Properties.HttpMethod)).toContain('POST');
    const targets = new Set(
      methods.map((m) => JSON.stringify((m.Properties.Integration as { Uri: unknown }).Uri)),
    );
    expect(targets.size).toBe(1);
  });

  it('keeps every other path reaching the function through a proxy at each explicit level', () => {
    const parts = Object.values(resources)
      .filter((r) => r.Type === 'AWS::ApiGateway::Resource')
      .map((r) => r.Properties.PathPart);
    expect(parts.filter((p) => p === '{proxy+}')).toHaveLength(6);
    expect(parts).toEqual(expect.arrayContaining(['api', 'v1', 'forms', '{token}', 'responses']));
  });

  it('puts a regional WebACL with per-viewer rate limits in front of the public stage', () => {
    const acl = Object.values(resources).find((r) => r.Type === 'AWS::WAFv2::WebACL');
    expect(acl?.Properties).toMatchObject({ Scope: 'REGIONAL', DefaultAction: { Allow: {} } });
    const rules = acl?.Properties.Rules as Array<{ Name: string; Statement: Record<string, unknown> }>;
    for (const rule of rules) {
      expect(rule.Statement.RateBasedStatement).toMatchObject({
        AggregateKeyType: 'FORWARDED_IP',
        ForwardedIPConfig: { HeaderName: 'X-Forwarded-For', FallbackBehavior: 'MATCH' },
      });
    }
    const submissions = rules.find((r) => r.Name === 'SubmissionsPerViewer');
    expect(JSON.stringify(submissions?.Statement)).toContain('/responses');
    const association = Object.values(resources).find((r) => r.Type === 'AWS::WAFv2::WebACLAssociation');
    const arn = JSON.stringify(association?.Properties.ResourceArn);
    expect(arn).toContain('/stages/');
    expect(arn).toContain(synth.logicalId(synth.stacks.api, synth.stacks.api.api.deploymentStage));
  });

  it('grants wildcard resources only for X-Ray, and never wildcard actions', () => {
    for (const fn of [publicFn(), consoleFn()]) {
      for (const statement of statements(fn)) {
        const actions = [statement.Action].flat();
        if (statement.Resource === '*') expect(actions.every((a) => a.startsWith('xray:'))).toBe(true);
        expect(actions.some((a) => a.endsWith(':*'))).toBe(false);
      }
      // Own role: no AWSLambdaBasicExecutionRole, which may write to any log group.
      const role = resources[synth.logicalId(synth.stacks.api, fn.role)];
      expect(role?.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('encrypts the QR secret with the data key, generates 64 characters and keeps it in prod', () => {
    const secret = resources[synth.logicalId(synth.stacks.api, synth.stacks.api.qrSecret)];
    expect(secret?.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64 });
    expect(JSON.stringify(secret?.Properties.KmsKeyId)).toContain('DataKey');
    expect(secret?.DeletionPolicy).toBe('Retain');
    const reads = statements(publicFn()).filter((s) =>
      [s.Action].flat().includes('secretsmanager:GetSecretValue'),
    );
    // The QR secret, and the origin-verify secret that proves a request came through CloudFront.
    expect(reads.map((s) => s.Resource)).toEqual([
      { Ref: synth.logicalId(synth.stacks.api, synth.stacks.api.qrSecret) },
      { Ref: synth.logicalId(synth.stacks.api, synth.stacks.api.originVerifySecret) },
    ]);
  });

  it('serves the public API as a regional REST API proxying every path to the function', () => {
    const template = Template.fromJSON({ Resources: resources });
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
    template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: '{proxy+}' });
  });

  it('throttles the REST API stage and proxy method, traces, and logs errors and access without bodies', () => {
    const stage = Object.values(resources).find((r) => r.Type === 'AWS::ApiGateway::Stage');
    expect(stage?.Properties.TracingEnabled).toBe(true);
    const settings = stage?.Properties.MethodSettings as Array<Record<string, unknown>>;
    const stageWide = settings.find((s) => s.ResourcePath === '/*' && s.HttpMethod === '*');
    const proxy = settings.find((s) => s.ResourcePath === '/~1{proxy+}' && s.HttpMethod === 'ANY');
    for (const setting of [stageWide, proxy]) {
      expect(setting?.ThrottlingRateLimit).toBeGreaterThan(0);
      expect(setting?.ThrottlingBurstLimit).toBeGreaterThanOrEqual(setting?.ThrottlingRateLimit as number);
    }
    expect(stageWide).toMatchObject({ LoggingLevel: 'ERROR', DataTraceEnabled: false });
    const format = JSON.parse(
      (stage?.Properties.AccessLogSetting as { Format: string } | undefined)?.Format ?? '{}',
    );
    expect(format).toMatchObject({ status: '$context.status', api: 'public', kmpjStage: 'prod' });
    expect(JSON.stringify(format)).not.toMatch(/sourceIp|userAgent/);
  });

  it('puts the console behind an HTTP API whose only route needs a JWT from the staff issuer', () => {
    const routes = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route');
    expect(routes.map((r) => r.Properties.RouteKey)).toEqual(['ANY /api/console/{proxy+}']);
    expect(routes[0]?.Properties.AuthorizationType).toBe('JWT');
    const authorizer = Object.values(resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer?.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
    const jwt = authorizer?.Properties.JwtConfiguration as { Issuer: unknown; Audience: unknown[] };
    expect(JSON.stringify(jwt.Issuer)).toContain('cognito-idp');
    expect(jwt.Audience).toHaveLength(1);
  });

  it('throttles and access-logs the console stage', () => {
    const stage = Object.values(resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Stage');
    expect(stage?.Properties.StageName).toBe('$default');
    const route = stage?.Properties.DefaultRouteSettings as Record<string, number>;
    expect(route.ThrottlingRateLimit).toBeGreaterThan(0);
    expect(route.ThrottlingBurstLimit).toBeGreaterThanOrEqual(route.ThrottlingRateLimit as number);
    const format = JSON.parse(
      (stage?.Properties.AccessLogSettings as { Format: string } | undefined)?.Format ?? '{}',
    );
    expect(format).toMatchObject({ api: 'console', kmpjStage: 'prod' });
  });

  it('keeps API logs for the stage retention', () => {
    const groups = Object.values(resources).filter((r) => r.Type === 'AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) {
      expect(group.Properties.RetentionInDays).toBe(30);
      expect(group.DeletionPolicy).toBe('Retain');
    }
  });
});

describe('ApiStack (china, prod)', () => {
  let synth: Synthesized;
  let resources: Resources;

  beforeAll(() => {
    synth = synthesize({ target: 'china', stage: 'prod' });
    resources = synth.resources(synth.stacks.api);
  }, SYNTH_TIMEOUT_MS);
  afterAll(() => synth.cleanup());

  it('trusts the external OIDC issuer and prints QR codes with the custom domain', () => {
    const authorizer = Object.values(resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer?.Properties.JwtConfiguration).toEqual({
      Issuer: 'https://idp.example.gov.cn/realms/kmpj',
      Audience: ['kmpj-console'],
    });
    const fn = resources[synth.logicalId(synth.stacks.api, synth.stacks.api.consoleFunction.fn)];
    const variables = (fn?.Properties.Environment as { Variables: Record<string, unknown> } | undefined)
      ?.Variables;
    expect(variables).toMatchObject({
      JWT_ISSUER: 'https://idp.example.gov.cn/realms/kmpj',
      JWT_AUDIENCE: 'kmpj-console',
      PUBLIC_BASE_URL: 'https://pj.example.gov.cn',
    });
    expect(variables).not.toHaveProperty('PUBLIC_BASE_URL_PARAMETER');
  });

  it('creates no WebACL on china unless -c waf=true, and gives the public API the custom domain', () => {
    expect(Object.values(resources).some((r) => r.Type.startsWith('AWS::WAFv2::'))).toBe(false);
    const fn = resources[synth.logicalId(synth.stacks.api, synth.stacks.api.publicFunction.fn)];
    const variables = (fn?.Properties.Environment as { Variables: Record<string, unknown> } | undefined)
      ?.Variables;
    expect(variables).toMatchObject({ PUBLIC_BASE_URL: 'https://pj.example.gov.cn' });
  });

  it('creates no Cognito resources and deploys to a China region without X-Ray', () => {
    expect(synth.stacks.identity).toBeUndefined();
    expect(synth.stacks.api.region).toBe('cn-north-1');
    const fn = resources[synth.logicalId(synth.stacks.api, synth.stacks.api.publicFunction.fn)];
    expect(JSON.stringify(fn?.Properties.TracingConfig ?? {})).not.toContain('Active');
    const kms = statementsOfRole(
      resources,
      synth.logicalId(synth.stacks.api, synth.stacks.api.publicFunction.role),
    ).filter((s) => [s.Action].flat().includes('kms:Decrypt'));
    // The URL suffix stays a pseudo parameter: amazonaws.com.cn once deployed in aws-cn.
    expect(JSON.stringify(kms)).toContain('dynamodb.cn-north-1.');
    expect(JSON.stringify(kms)).toContain('AWS::URLSuffix');
  });
});
