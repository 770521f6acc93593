/**
 * The deployed artefact, not the sources: the public Lambda bundle is built as CDK builds it,
 * imported in a fresh Node process and invoked with API Gateway REST events against DynamoDB Local.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_ENTRIES } from '../../infra/bundling';
import { bundleEntry } from '../../scripts/build-lambdas';
import { aSubmission } from '../fixtures/factories';
import { createPublicStack, type PublicStack } from '../fixtures/public-stack';

const secret = 'bundle-test-secret-0123456789abcdefghij';
let stack: PublicStack;
let bundle: string;

beforeAll(async () => {
  stack = await createPublicStack({ qrKey: Buffer.from(secret, 'utf8') });
  ({ file: bundle } = await bundleEntry(
    LAMBDA_ENTRIES['public-api'],
    mkdtempSync(join(tmpdir(), 'kmpj-bundle-')),
  ));
});

const restEvent = (method: string, target: string, body?: unknown) => {
  const [path = target, query] = target.split('?');
  const params = query ? Object.fromEntries(new URLSearchParams(query)) : null;
  return {
    resource: '/{proxy+}',
    path,
    httpMethod: method,
    headers: { 'content-type': 'application/json' },
    multiValueHeaders: { 'content-type': ['application/json'] },
    queryStringParameters: params,
    multiValueQueryStringParameters:
      params && Object.fromEntries(Object.entries(params).map(([k, v]) => [k, [v]])),
    pathParameters: { proxy: path.slice(1) },
    stageVariables: null,
    requestContext: {
      httpMethod: method,
      path: `/dev${path}`,
      stage: 'dev',
      requestId: 'r',
      identity: { sourceIp: '127.0.0.1' },
    },
    body: body === undefined ? null : JSON.stringify(body),
    isBase64Encoded: false,
  };
};

/** Invokes the bundle's handler in a new process with the Lambda's environment. */
function invoke(events: unknown[]): { statusCode: number; body: string; headers: Record<string, string> }[] {
  const dir = mkdtempSync(join(tmpdir(), 'kmpj-invoke-'));
  const script = join(dir, 'invoke.mjs');
  writeFileSync(
    script,
    `const { handler } = await import(${JSON.stringify(bundle)});
     const out = [];
     for (const e of ${JSON.stringify(events)}) out.push(await handler(e, { awsRequestId: 'r', functionName: 'f' }));
     process.stdout.write(JSON.stringify(out));`,
  );
  const run = spawnSync(process.execPath, [script], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'cn-north-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: stack.db.endpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      TABLE_DIRECTORY: stack.db.tables.directory,
      TABLE_QUESTIONNAIRES: stack.db.tables.questionnaires,
      TABLE_RESPONSES: stack.db.tables.responses,
      TABLE_QUIET_LIMITS: stack.db.tables.quietLimits,
      QR_SECRET: secret,
      POWERTOOLS_LOG_LEVEL: 'CRITICAL',
    },
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

describe('public Lambda bundle', () => {
  it('serves the form and accepts a submission through API Gateway REST events', () => {
    const token = stack.forms[0]!.token;
    const [form, created, missing] = invoke([
      restEvent('GET', `/api/v1/forms/${token}`),
      restEvent('POST', `/api/v1/forms/${token}/responses`, aSubmission()),
      restEvent('GET', '/api/v1/nothing'),
    ]);
    expect(form?.statusCode).toBe(200);
    expect(JSON.parse(form!.body).unit.name['zh-CN']).toBe('高阳县公安局城关派出所');
    expect(created?.statusCode).toBe(201);
    expect(JSON.parse(created!.body).receipt).toMatch(/^\w{4}-\w{4}-\w{4}$/);
    expect(missing?.statusCode).toBe(404);
  });

  it('rejects bad input with the same 400s as the app run from the sources (validators without OpenAPI metadata)', async () => {
    const token = stack.forms[0]!.token;
    const requests: [string, string, unknown][] = [
      ['POST', `/api/v1/forms/${token}/responses`, { ...aSubmission(), answers: 'all good' }],
      ['POST', `/api/v1/forms/${token}/responses`, { ...aSubmission(), extra: 1 }],
      ['GET', '/api/v1/forms/not-a-token', undefined],
      ['GET', `/api/v1/forms/${token}?b=not-a-ballot-token`, undefined],
    ];
    const served = invoke(requests.map(([method, path, body]) => restEvent(method, path, body)));
    const app = stack.app();
    for (const [i, [method, path, body]] of requests.entries()) {
      const expected = await app.request(path, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      expect(expected.status).toBe(400);
      expect(served[i]?.statusCode).toBe(400);
      expect(JSON.parse(served[i]!.body)).toEqual(await expected.json());
    }
  });

  it('serves the OpenAPI document generated when it was bundled, equal to the one generated from the routes', async () => {
    const [served] = invoke([restEvent('GET', '/api/openapi.json')]);
    expect(served?.statusCode).toBe(200);
    const generated = await (await stack.app().request('/api/openapi.json')).json();
    expect(JSON.parse(served!.body)).toEqual(generated);
    // The generator itself is not in the bundle.
    expect(readFileSync(bundle, 'utf8')).not.toContain('openAPIRouteHandler');
  });

  it('fails at cold start, not on the first request, when configuration is missing', () => {
    const run = spawnSync(process.execPath, ['-e', `import(${JSON.stringify(bundle)})`], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, AWS_REGION: 'cn-north-1' },
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('Missing required environment variable TABLE_DIRECTORY');
  });
});
