import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Resources,
  SYNTH_TIMEOUT_MS,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from './synth-fixture';

type Alarm = Record<string, unknown>;

describe('OpsStack (global, prod)', () => {
  let synth: Synthesized;
  let resources: Resources;
  let alarms: Alarm[];

  beforeAll(() => {
    synth = synthesize({ target: 'global', stage: 'prod' });
    resources = synth.resources(synth.stacks.ops);
    alarms = Object.values(resources)
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
      .map((r) => r.Properties);
  }, SYNTH_TIMEOUT_MS);
  afterAll(() => synth.cleanup());

  const byMetric = (name: string) => alarms.filter((a) => a.MetricName === name);
  const notifies = (alarm: Alarm | undefined) => JSON.stringify(alarm?.AlarmActions).includes('Alarms');

  it('runs the monitor hourly with N and M from the stage configuration', () => {
    const rule = Object.values(resources).find((r) => r.Type === 'AWS::Events::Rule');
    expect(rule?.Properties.ScheduleExpression).toBe('rate(1 hour)');
    const fn = resources[synth.logicalId(synth.stacks.ops, synth.stacks.ops.monitor.function.fn)];
    expect(fn?.Properties).toMatchObject({ Runtime: 'nodejs22.x', Timeout: 300, MemorySize: 512 });
    const variables = (fn?.Properties.Environment as { Variables: Record<string, unknown> } | undefined)
      ?.Variables;
    expect(variables).toMatchObject({
      MONITOR_NO_BAD_REVIEW_DAYS: '30',
      MONITOR_MIN_RESPONSES: '50',
      POWERTOOLS_SERVICE_NAME: 'kmpj-monitor',
    });
  });

  it('lets the monitor read the directory and responses, and write nothing', () => {
    const statements = statementsOfRole(
      resources,
      synth.logicalId(synth.stacks.ops, synth.stacks.ops.monitor.function.role),
    );
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions).toContain('dynamodb:Query');
    expect(actions).toContain('dynamodb:Scan');
    for (const write of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'])
      expect(actions).not.toContain(write);
  });

  it('parks failed monitor runs in an encrypted queue after two retries, from Lambda and from EventBridge', () => {
    const queueId = synth.logicalId(synth.stacks.ops, synth.stacks.ops.monitor.deadLetterQueue);
    const queue = resources[queueId];
    expect(queue?.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    const invokeConfig = Object.values(resources).find((r) => r.Type === 'AWS::Lambda::EventInvokeConfig');
    expect(invokeConfig?.Properties.MaximumRetryAttempts).toBe(2);
    expect(JSON.stringify(invokeConfig?.Properties.DestinationConfig)).toContain(queueId);
    const rule = Object.values(resources).find((r) => r.Type === 'AWS::Events::Rule');
    expect(JSON.stringify(rule?.Properties.Targets)).toContain(queueId);
  });

  it('alarms on the first message in the dead-letter queue', () => {
    const [dlq] = byMetric('ApproximateNumberOfMessagesVisible');
    expect(dlq).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Namespace: 'AWS/SQS',
    });
    expect(notifies(dlq)).toBe(true);
  });

  it('alarms on a 5xx rate above 1 % for both APIs, ignoring low traffic', () => {
    const rates = alarms.filter((a) => String(JSON.stringify(a.Metrics)).includes('100 * errors / requests'));
    expect(rates).toHaveLength(2);
    const metrics = JSON.stringify(rates.map((a) => a.Metrics));
    expect(metrics).toContain('"5XXError"');
    expect(metrics).toContain('"5xx"');
    for (const rate of rates) {
      expect(rate).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' });
      expect(JSON.stringify(rate.Metrics)).toContain('requests >= 20');
      expect(notifies(rate)).toBe(true);
    }
  });

  it('alarms on Lambda throttles of every function and on API Gateway 429s counted from the access logs', () => {
    expect(byMetric('Throttles')).toHaveLength(3);
    const filters = Object.values(resources).filter((r) => r.Type === 'AWS::Logs::MetricFilter');
    expect(filters).toHaveLength(2);
    for (const filter of filters) {
      expect(filter.Properties.FilterPattern).toBe('{ $.status = "429" }');
      expect(filter.Properties.MetricTransformations).toEqual([
        expect.objectContaining({ MetricName: 'ApiThrottled', MetricNamespace: 'Kmpj' }),
      ]);
    }
    const throttled = byMetric('ApiThrottled');
    expect(throttled.map((a) => a.Dimensions)).toEqual(
      expect.arrayContaining([
        expect.arrayContaining([{ Name: 'api', Value: 'public' }]),
        expect.arrayContaining([{ Name: 'api', Value: 'console' }]),
      ]),
    );
  });

  it('alarms on stale aggregates, treating a silent monitor as a breach', () => {
    const [stale] = byMetric('StaleAggregates');
    expect(stale).toMatchObject({
      Namespace: 'Kmpj',
      Threshold: 1,
      Period: 3600,
      EvaluationPeriods: 2,
      TreatMissingData: 'breaching',
    });
    expect(stale?.Dimensions).toEqual(
      expect.arrayContaining([
        { Name: 'service', Value: 'kmpj-monitor' },
        { Name: 'stage', Value: 'prod' },
      ]),
    );
    expect(notifies(stale)).toBe(true);
  });

  it('alarms on a unit that has traffic but no bad review', () => {
    const [silent] = byMetric('UnitsWithoutBadReviews');
    expect(silent).toMatchObject({
      Namespace: 'Kmpj',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(String(silent?.AlarmDescription)).toContain('50 responses in 30 days');
    expect(notifies(silent)).toBe(true);
  });

  it('draws a dashboard with the alarms, business metrics, API and Lambda health and the monitor', () => {
    const dashboard = Object.values(resources).find((r) => r.Type === 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    for (const word of [
      'Submissions',
      'ValidationFailures',
      'QuarantinedBallots',
      'OverdueCases',
      'UnitsWithoutBadReviews',
      'AggregateAgeMinutes',
      'Throttles',
      '5XXError',
    ]) {
      expect(body).toContain(word);
    }
  });

  it('notifies an SNS topic that only accepts TLS', () => {
    const policy = Object.values(resources).find((r) => r.Type === 'AWS::SNS::TopicPolicy');
    expect(JSON.stringify(policy?.Properties.PolicyDocument)).toContain('aws:SecureTransport');
  });
});
