/**
 * The monitor Lambda handler, as deployed (middy, Powertools, DynamoDB client from the environment),
 * against DynamoDB Local seeded with the demo tree and real submissions through the public API.
 */
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { toItem } from '../../functions/db/item';
import { responseKeys } from '../../functions/db/keys/responses';
import { serviceDay } from '../../functions/domain/service-day';
import { aSubmission, someAnswers } from '../fixtures/factories';
import { createPublicStack, type PublicStack } from '../fixtures/public-stack';

let stack: PublicStack;
const saved = { ...process.env };

/** The EMF documents the handler printed, by metric name. */
function emfValues(lines: string[]): Record<string, unknown> {
  const docs = lines.flatMap((l) => {
    try {
      const parsed = JSON.parse(l) as Record<string, unknown>;
      return parsed._aws ? [parsed] : [];
    } catch {
      return [];
    }
  });
  return Object.assign({}, ...docs);
}

const context = {
  functionName: 'kmpj-prod-monitor',
  awsRequestId: 'req-1',
  invokedFunctionArn: 'arn:aws-cn:lambda:cn-north-1:123456789012:function:kmpj-prod-monitor',
  memoryLimitInMB: '512',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

const event = {
  id: 'evt-12345678',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  time: new Date().toISOString(),
  detail: {},
} as unknown as ScheduledEvent;

describe('monitor handler', () => {
  beforeAll(async () => {
    stack = await createPublicStack();
    const form = stack.forms[0]!;
    // Three honest-looking submissions, all 4s and 5s: traffic without a single bad review.
    for (let i = 0; i < 3; i++) {
      const res = await stack.app().request(`/api/v1/forms/${form.token}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(aSubmission({ answers: someAnswers({ q_safety: 4 }) })),
      });
      expect(res.status).toBe(201);
    }
    // A response written around the transaction (a broken import, say): indexed, never aggregated.
    const unitId = form.servicePointId.replace(/-\d+$/, '');
    const now = new Date();
    await stack.db.client.send(
      new PutItemCommand({
        TableName: stack.db.tables.responses,
        Item: toItem({
          ...responseKeys.response('bypass-1'),
          ...responseKeys.responseOfUnit(unitId, now.toISOString(), 'bypass-1'),
          entity: 'Response',
          responseId: 'bypass-1',
          unitId,
          submittedAt: now.toISOString(),
          day: serviceDay(now),
        }),
      }),
    );

    Object.assign(process.env, {
      TABLE_DIRECTORY: stack.db.tables.directory,
      TABLE_RESPONSES: stack.db.tables.responses,
      AWS_ENDPOINT_URL_DYNAMODB: stack.db.endpoint,
      AWS_REGION: 'cn-north-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_LAMBDA_FUNCTION_NAME: 'kmpj-prod-monitor',
      POWERTOOLS_METRICS_DISABLED: 'false',
      POWERTOOLS_SERVICE_NAME: 'kmpj-monitor',
      KMPJ_STAGE: 'prod',
      MONITOR_NO_BAD_REVIEW_DAYS: '7',
      MONITOR_MIN_RESPONSES: '3',
    });
  });

  afterAll(() => {
    process.env = saved;
  });

  it('publishes units without bad reviews and stale aggregates as Kmpj metrics with service and stage', async () => {
    const lines: string[] = [];
    const capture = (chunk: string | Uint8Array) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    try {
      // The public app above already loaded the metrics module with metrics off (not in Lambda);
      // a fresh module graph loads the handler as a cold start in Lambda would.
      vi.resetModules();
      const { handler } = await import('../../functions/handlers/monitor');
      const summary = await handler(event, context);
      // Demo units other than the first have no responses; only the first has traffic.
      expect(summary).toMatchObject({ unitsWithoutBadReviews: 1, staleAggregates: 1 });
      expect((summary as { unitsChecked: number }).unitsChecked).toBeGreaterThan(1);
    } finally {
      vi.restoreAllMocks();
    }

    const metrics = emfValues(lines);
    expect(metrics).toMatchObject({
      UnitsWithoutBadReviews: 1,
      StaleAggregates: 1,
      AggregateAgeMinutes: 0,
      service: 'kmpj-monitor',
      stage: 'prod',
    });
    expect(JSON.stringify(metrics)).toContain('"Namespace":"Kmpj"');

    const logs = lines
      .filter((l) => l.includes('"level"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const warning = logs.find((l) => l.message === 'units with traffic but no bad review');
    expect(warning).toMatchObject({ correlation_id: 'evt-12345678', function_name: 'kmpj-prod-monitor' });
    expect(logs.find((l) => l.message === 'stale aggregates')).toBeDefined();
  });
});
