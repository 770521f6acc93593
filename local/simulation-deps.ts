/**
 * Wiring of the ballot-stuffing simulation: the target it plays on (a public app of its
 * own on the given tables, with a simulated clock and client address) and the console's demo
 * route. Shared by scripts/stuffing-simulator.ts, the tests and the console API.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { handle } from 'hono/aws-lambda';
import { DirectoryRepository } from '../functions/db/directory-repository';
import { IntegrityRepository } from '../functions/db/integrity-repository';
import { fromItem, toItem } from '../functions/db/item';
import { responseKeys } from '../functions/db/keys/responses';
import { OrgRepository } from '../functions/db/org-repository';
import { ResponseRepository } from '../functions/db/response-repository';
import type { TableNames } from '../functions/db/table-names';
import type { IntegrityVerdict } from '../functions/domain/integrity/signals';
import { consoleServices } from '../functions/handlers/console-deps';
import { publicServices } from '../functions/handlers/public-deps';
import { retroQuarantineServices } from '../functions/handlers/retro-quarantine-deps';
import type { OriginVerifier } from '../functions/http/client-address';
import { createConsoleApp } from '../functions/http/console-app';
import { createPublicApp } from '../functions/http/public-app';
import { countOnStream } from '../functions/services/integrity/count-on-stream';
import type { DemoSimulations } from '../functions/services/integrity/simulation-port';
import { type Clock, systemClock } from '../functions/services/ports';
import { createDevAuth, type DevAuth } from './dev-auth';
import { demoSimulations, simulationGate } from './run-simulation';
import { DEMO_QUESTIONNAIRE_ID } from './seed/demo-questionnaire';
import { demoUnits } from './seed/demo-units';
import { demoUsers } from './seed/demo-users';
import { SIM_ADDRESS_HEADER, type SimForm, type SimTarget, simClock } from './stuffing-simulation';

/** Builds a target on a database: a fresh public app whose clock and client address the simulation drives. */
export function simTarget(
  client: DynamoDBClient,
  tables: TableNames,
  qrKey: Buffer,
  forms: SimForm[],
  start: Date,
  opts: { integrity?: boolean; originVerify?: OriginVerifier } = {},
): SimTarget {
  const clock = simClock(start);
  const wiring = {
    client,
    tables,
    qrKey,
    clock,
    integrity: opts.integrity,
    integrityDefaults: { openingHours: { open: '08:30', close: '17:30' } },
  };
  const logger = new Logger({ serviceName: 'stuffing-sim', logLevel: 'CRITICAL' });
  const app = createPublicApp({
    logger,
    ...publicServices({ ...wiring, clientAddress: (c) => c.req.header(SIM_ADDRESS_HEADER) }),
  });
  // The same app as the Lambda handler runs it: the address comes from the event, as deployed.
  const lambda = handle(
    createPublicApp({ logger, ...publicServices({ ...wiring, originVerify: opts.originVerify }) }),
  );
  const responses = new ResponseRepository(client, tables);
  const integrity = new IntegrityRepository(client, tables);
  const retro = retroQuarantineServices({ client, tables, clock });
  // The console as the local stack wires it, signed in with the dev sign-in's demo users.
  let consoleApp: Promise<{ auth: DevAuth; app: ReturnType<typeof createConsoleApp> }> | undefined;
  const consoleOf = () => {
    consoleApp ??= createDevAuth(null).then((auth) => ({
      auth,
      app: createConsoleApp({
        logger,
        ...consoleServices({ client, tables, qrKey, publicBaseUrl: '', verify: auth.verify, clock }),
      }),
    }));
    return consoleApp;
  };
  return {
    async consoleAs(userId, method, path, body) {
      const { auth, app } = await consoleOf();
      const user = demoUsers.find((u) => u.id === userId);
      if (!user) throw new Error(`no demo user ${userId}`);
      const res = await app.request(`/api/console/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${await auth.sign(user)}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    request: (path, init) => app.request(path, init),
    async lambdaRequest(path, init, sourceIp) {
      const out = await lambda(apiGatewayEvent(path, init, sourceIp), lambdaContext);
      return new Response(out.body, { status: out.statusCode, headers: out.headers as HeadersInit });
    },
    clock,
    forms,
    setUnitNetworks: (unitId, ranges) => integrity.putUnitNetworks(unitId, ranges),
    async verdict(responseId) {
      const out = await client.send(
        new GetItemCommand({ TableName: tables.responses, Key: toItem(responseKeys.response(responseId)) }),
      );
      return out.Item ? fromItem<{ integrity?: IntegrityVerdict }>(out.Item).integrity : undefined;
    },
    async officialResponses(nodeId, day) {
      const aggs = await responses.dailyAggregates(nodeId, day, day);
      return aggs.reduce((n, a) => n + a.responses, 0);
    },
    async settle(responseIds) {
      for (const id of responseIds) {
        const image = await retro.store.getResponse(id);
        if (image) await countOnStream(retro, image);
      }
    },
  };
}

/** A REST API (v1 proxy) event for one request, from `sourceIp` as API Gateway saw it. */
export function apiGatewayEvent(path: string, init: RequestInit, sourceIp: string | undefined) {
  const headers = Object.fromEntries(new Headers(init.headers).entries());
  return {
    resource: '/{proxy+}',
    path,
    httpMethod: init.method ?? 'GET',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { proxy: path.slice(1) },
    stageVariables: null,
    body: typeof init.body === 'string' ? init.body : null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'sim',
      resourceId: 'sim',
      resourcePath: '/{proxy+}',
      httpMethod: init.method ?? 'GET',
      path: `/prod${path}`,
      stage: 'prod',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      protocol: 'HTTP/1.1',
      identity: { sourceIp, userAgent: headers['user-agent'] ?? null },
      authorizer: null,
    },
  } as unknown as Parameters<ReturnType<typeof handle>>[0];
}

const lambdaContext = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'kmpj-public-api',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:cn-north-1:123456789012:function:kmpj-public-api',
  memoryLimitInMB: '512',
  awsRequestId: 'sim',
  logGroupName: 'sim',
  logStreamName: 'sim',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} as unknown as Parameters<ReturnType<typeof handle>>[1];

/**
 * The windows of the demo seed, in the seed's order: unit id = county code + 3-digit sequence,
 * window id = unit id + `-` + 2-digit position (as local/seed.ts numbers them).
 */
export const demoServicePointIds = (): string[] =>
  demoUnits.flatMap((u) => {
    const unitId = `${u.countyCode}${String(u.seq).padStart(3, '0')}`;
    return u.windows.map((_, i) => `${unitId}-${String(i + 1).padStart(2, '0')}`);
  });

/** The console's demo simulation route on the deployment's own tables; `enabled` only in a demo. */
export function simulationServices(w: {
  client: DynamoDBClient;
  tables: TableNames;
  qrKey: Buffer;
  enabled: boolean;
  clock?: Clock;
}): DemoSimulations {
  const directory = new DirectoryRepository(w.client, w.tables.directory);
  const org = new OrgRepository(w.client, w.tables);
  return demoSimulations({
    enabled: w.enabled,
    clock: w.clock ?? systemClock,
    qrKey: w.qrKey,
    demoServicePoints: demoServicePointIds(),
    questionnaireId: DEMO_QUESTIONNAIRE_ID,
    getNodes: (ids) => directory.getNodes(ids),
    tokensOf: (id) => org.tokensOf(id),
    target: (forms, start) => simTarget(w.client, w.tables, w.qrKey, forms, start),
    gate: simulationGate(),
  });
}
