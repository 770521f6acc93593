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

interface Served {
  statusCode: number;
  body: string;
  headers: Record<string, string>;
}

/**
 * Invokes the bundle's handler in a new process with the Lambda's environment (`env` over it),
 * and returns its answers and the JSON log lines it printed.
 */
function invokeLogged(
  events: unknown[],
  env: Record<string, string> = {},
): { served: Served[]; logs: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'kmpj-invoke-'));
  const script = join(dir, 'invoke.mjs');
  const answers = join(dir, 'answers.json');
  writeFileSync(
    script,
    `import { writeFileSync } from 'node:fs';
     const { handler } = await import(${JSON.stringify(bundle)});
     const out = [];
     for (const e of ${JSON.stringify(events)}) out.push(await handler(e, { awsRequestId: 'r', functionName: 'f' }));
     writeFileSync(${JSON.stringify(answers)}, JSON.stringify(out));`,
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
      ...env,
    },
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return {
    served: JSON.parse(readFileSync(answers, 'utf8')),
    // Powertools prints warnings and errors on stderr, the rest on stdout; Lambda keeps both.
    logs: `${run.stdout}\n${run.stderr}`.split('\n').filter((line) => line.startsWith('{')),
  };
}

const invoke = (events: unknown[]): Served[] => invokeLogged(events).served;

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

  it('logs a failure through Powertools Logger, loaded with that first line, with its correlation id', () => {
    const token = stack.forms[0]!.token;
    const withId = (id: string) => {
      const event = restEvent('GET', `/api/v1/forms/${token}`);
      return { ...event, headers: { ...event.headers, 'x-correlation-id': id } };
    };
    // The first form is served and logs nothing; then DynamoDB is out of reach for the second.
    const fine = invokeLogged([withId('corr-served-0001')], { POWERTOOLS_LOG_LEVEL: 'INFO' });
    expect(fine.served[0]?.statusCode).toBe(200);
    expect(fine.logs).toEqual([]);
    const failed = invokeLogged([withId('corr-failed-0002')], {
      POWERTOOLS_LOG_LEVEL: 'INFO',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
    });
    expect(failed.served[0]?.statusCode).toBe(503);
    const lines = failed.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'WARN',
        message: 'request failed',
        service: 'kmpj-public-api',
        correlation_id: 'corr-failed-0002',
        code: 'SERVICE_UNAVAILABLE',
      }),
    ]);
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
