import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppFunction } from '../../infra/constructs/app-function';
import {
  type Resources,
  type Statement,
  SYNTH_TIMEOUT_MS,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from './synth-fixture';

describe('JobsStack (global, prod)', () => {
  let synth: Synthesized;
  let resources: Resources;
  /** Export name of a data stack output → construct id (table spec name or key) it points at. */
  let exportToData: Map<string, string>;

  beforeAll(() => {
    synth = synthesize({ target: 'global', stage: 'prod' });
    resources = synth.resources(synth.stacks.jobs);
    const { data } = synth.stacks;
    const byLogicalId = new Map<string, string>([
      ...data.tables.map((t) => [synth.logicalId(data, t), t.spec.logicalName] as [string, string]),
      [synth.logicalId(data, data.contactKey), 'ContactKey'],
      [synth.logicalId(data, data.key), 'DataKey'],
    ]);
    const outputs: Record<string, { Value: unknown; Export: { Name: string } }> =
      synth.template(data).toJSON().Outputs ?? {};
    exportToData = new Map();
    for (const output of Object.values(outputs)) {
      const value = output.Value as { 'Fn::GetAtt'?: [string, string]; Ref?: string };
      const target = byLogicalId.get(value['Fn::GetAtt']?.[0] ?? value.Ref ?? '');
      if (target) exportToData.set(output.Export.Name, target);
    }
  }, SYNTH_TIMEOUT_MS);
  afterAll(() => synth.cleanup());

  const jobs = () => synth.stacks.jobs;
  const props = (fn: AppFunction) => resources[synth.logicalId(jobs(), fn.fn)]?.Properties ?? {};
  const statements = (fn: AppFunction): Statement[] =>
    statementsOfRole(resources, synth.logicalId(jobs(), fn.role));
  const ofType = (type: string) => Object.values(resources).filter((r) => r.Type === type);

  function targetsOf(statement: Statement): string[] {
    const found = new Set<string>();
    JSON.stringify(statement.Resource, (key, value) => {
      if (key === 'Fn::ImportValue' && exportToData.has(value)) found.add(exportToData.get(value) as string);
      return value;
    });
    return [...found];
  }

  /** Data-stack targets (tables, keys) of the statements whose actions satisfy `predicate`. */
  function granted(fn: AppFunction, predicate: (actions: string[]) => boolean): string[] {
    const targets = statements(fn)
      .filter((s) => s.Effect === 'Allow' && predicate([s.Action].flat()))
      .flatMap(targetsOf);
    return [...new Set(targets)].sort();
  }
  const writes = (a: string[]) => a.some((x) => ['dynamodb:PutItem', 'dynamodb:UpdateItem'].includes(x));
  const updates = (a: string[]) => a.includes('dynamodb:UpdateItem') || a.includes('dynamodb:DeleteItem');

  describe('case-stream', () => {
    it('consumes new responses from the Responses stream, reporting failed records one by one', () => {
      const [mapping] = ofType('AWS::Lambda::EventSourceMapping');
      expect(mapping?.Properties).toMatchObject({
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 5,
        StartingPosition: 'TRIM_HORIZON',
      });
      expect(JSON.stringify(mapping?.Properties.EventSourceArn)).toContain('Responses');
      // Only INSERTs and MODIFYs of Response items wake the function (a MODIFY may move a ballot
      // in or out of the count, which the provincial push follows).
      const filter = JSON.stringify(mapping?.Properties.FilterCriteria);
      expect(filter).toContain('INSERT');
      expect(filter).toContain('MODIFY');
      expect(filter).not.toContain('REMOVE');
      expect(filter).toContain('Response');
    });

    it('parks records that still fail in a queue that alarms on the first message', () => {
      const [mapping] = ofType('AWS::Lambda::EventSourceMapping');
      const queueId = synth.logicalId(jobs(), jobs().caseStreamFailures.queue);
      expect(JSON.stringify(mapping?.Properties.DestinationConfig)).toContain(queueId);
      const alarm = resources[synth.logicalId(jobs(), jobs().caseStreamFailures.alarm)]?.Properties;
      expect(alarm).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1 });
      expect(JSON.stringify(alarm?.AlarmActions)).toContain('Alarms');
    });

    it('writes responses and the quiet-limit counters, appends to the audit trail only, and re-encrypts phones with the contact key', () => {
      const fn = jobs().caseStream;
      expect(granted(fn, writes)).toEqual(['Audit', 'QuietLimits', 'Responses']);
      expect(granted(fn, updates)).toEqual(['QuietLimits', 'Responses']);
      expect(granted(fn, (a) => a.includes('dynamodb:GetItem'))).toEqual(
        ['Audit', 'Directory', 'Questionnaires', 'QuietLimits', 'Responses'].sort(),
      );
      const contact = statements(fn).filter((s) => targetsOf(s).includes('ContactKey'));
      expect(contact.flatMap((s) => [s.Action].flat()).sort()).toEqual(['kms:Decrypt', 'kms:Encrypt']);
      expect(JSON.stringify(props(fn).Environment)).toContain('CONTACT_KEY_ARN');
    });
  });

  describe('rollup-stream', () => {
    const mappingOf = (fn: AppFunction) =>
      ofType('AWS::Lambda::EventSourceMapping').find((m) =>
        JSON.stringify(m.Properties.FunctionName).includes(synth.logicalId(jobs(), fn.fn)),
      );

    it('consumes the units’ aggregate changes and commented responses, each record once, failures parked', () => {
      const mapping = mappingOf(jobs().rollupStream);
      expect(mapping?.Properties).toMatchObject({
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BisectBatchOnFunctionError: true,
        StartingPosition: 'TRIM_HORIZON',
      });
      expect(JSON.stringify(mapping?.Properties.EventSourceArn)).toContain('Responses');
      const filter = JSON.stringify(mapping?.Properties.FilterCriteria);
      expect(filter).toContain('DailyAggregate');
      expect(filter).toContain('MatterAggregate');
      // The rollups live in the same table: their own writes must not wake the function.
      expect(filter).not.toMatch(/Rollup/);
      const queueId = synth.logicalId(jobs(), jobs().rollupStreamFailures.queue);
      expect(JSON.stringify(mapping?.Properties.DestinationConfig)).toContain(queueId);
    });

    it('writes the Responses table only, and reads the tree and questionnaires', () => {
      const fn = jobs().rollupStream;
      expect(granted(fn, writes)).toEqual(['Responses']);
      expect(granted(fn, (a) => a.includes('dynamodb:GetItem'))).toEqual(
        ['Directory', 'Questionnaires', 'Responses'].sort(),
      );
    });
  });

  describe('escalation-job', () => {
    it('runs every 15 minutes with the scheduled-job failure path', () => {
      const rule = resources[synth.logicalId(jobs(), jobs().escalation.rule)];
      expect(rule?.Properties.ScheduleExpression).toBe('rate(15 minutes)');
      expect(JSON.stringify(rule?.Properties.Targets)).toContain(
        synth.logicalId(jobs(), jobs().escalation.deadLetterQueue),
      );
    });

    it('updates cases and appends audit entries, without the contact key', () => {
      const fn = jobs().escalation.function;
      expect(granted(fn, updates)).toEqual(['Responses']);
      expect(granted(fn, writes)).toEqual(['Audit', 'Responses']);
      expect(statements(fn).flatMap(targetsOf)).not.toContain('ContactKey');
    });
  });

  describe('rollup-recount-job', () => {
    it('runs nightly at 03:30 Beijing time with the scheduled-job failure path', () => {
      const rule = resources[synth.logicalId(jobs(), jobs().rollupRecount.rule)];
      expect(rule?.Properties.ScheduleExpression).toBe('cron(30 19 * * ? *)');
      expect(JSON.stringify(rule?.Properties.Targets)).toContain(
        synth.logicalId(jobs(), jobs().rollupRecount.function.fn),
      );
      expect(JSON.stringify(rule?.Properties.Targets)).toContain(
        synth.logicalId(jobs(), jobs().rollupRecount.deadLetterQueue),
      );
    });

    it('recounts 40 days and repairs drift seen twice, as the stage config says', () => {
      const fn = jobs().rollupRecount.function;
      expect(props(fn)).toMatchObject({ Timeout: 900 });
      expect((props(fn).Environment as { Variables?: object } | undefined)?.Variables).toMatchObject({
        ROLLUP_RECOUNT_REPAIR: 'true',
        ROLLUP_RECOUNT_DAYS: '40',
      });
    });

    it('reads the tree and the responses, writes only the responses table, and nothing else', () => {
      const fn = jobs().rollupRecount.function;
      expect(granted(fn, (a) => a.includes('dynamodb:Query'))).toEqual(['Directory', 'Responses']);
      expect(granted(fn, writes)).toEqual(['Responses']);
      // The data key only through DynamoDB (the tables' encryption); no audit, questionnaires or contact key.
      expect([...new Set(statements(fn).flatMap(targetsOf))].sort()).toEqual([
        'DataKey',
        'Directory',
        'Responses',
      ]);
      expect(statements(fn).flatMap(targetsOf)).not.toContain('ContactKey');
    });

    it(
      'only reads the Responses table when the deployment says report only',
      () => {
        const reportOnly = synthesize({
          target: 'global',
          stage: 'prod',
          context: { rollupRecountRepair: 'false' },
        });
        try {
          const stack = reportOnly.stacks.jobs;
          const res = reportOnly.resources(stack);
          const fn = stack.rollupRecount.function;
          const env = (res[reportOnly.logicalId(stack, fn.fn)]?.Properties.Environment ?? {}) as {
            Variables?: object;
          };
          expect(env.Variables).toMatchObject({ ROLLUP_RECOUNT_REPAIR: 'false' });
          const actions = statementsOfRole(res, reportOnly.logicalId(stack, fn.role)).flatMap((st) =>
            [st.Action].flat(),
          );
          expect(actions).toContain('dynamodb:Query');
          expect(actions.filter((a) => /dynamodb:(Put|Update|Delete|BatchWrite)/.test(a))).toEqual([]);
        } finally {
          reportOnly.cleanup();
        }
      },
      SYNTH_TIMEOUT_MS,
    );

    it('alarms on any drift the recount reports, on the alarm topic', () => {
      const alarm = Object.values(resources).find(
        (r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.MetricName === 'RollupDriftCells',
      );
      expect(alarm?.Properties).toMatchObject({
        Namespace: 'Kmpj',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      });
      expect(JSON.stringify(alarm?.Properties.Dimensions)).toContain('kmpj-rollup-recount-job');
      expect(alarm?.Properties.AlarmActions).toHaveLength(1);
    });
  });

  describe('import-job and the upload bucket', () => {
    const bucket = () => resources[synth.logicalId(jobs(), jobs().uploadBucket)];

    it('keeps uploads private, encrypted, TLS-only and expires them after 30 days', () => {
      expect(bucket()?.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(JSON.stringify(bucket()?.Properties.BucketEncryption)).toContain('AES256');
      expect(bucket()?.Properties.LifecycleConfiguration).toEqual({
        Rules: [expect.objectContaining({ Prefix: 'uploads/', ExpirationInDays: 30, Status: 'Enabled' })],
      });
      expect(JSON.stringify(bucket()?.Properties.LoggingConfiguration)).toContain('UploadAccessLogs');
      expect(bucket()?.DeletionPolicy).toBe('Retain');
      const policies = ofType('AWS::S3::BucketPolicy').map((p) => JSON.stringify(p.Properties));
      expect(policies.some((p) => p.includes('aws:SecureTransport') && p.includes('Uploads'))).toBe(true);
    });

    it('names the bucket as the console expects it', () => {
      expect(JSON.stringify(bucket()?.Properties.BucketName)).toContain('kmpj-prod-uploads-');
    });

    it('invokes the import on objects created under uploads/ and parks failed runs', () => {
      const [notification] = ofType('Custom::S3BucketNotifications');
      const config = JSON.stringify(notification?.Properties.NotificationConfiguration);
      expect(config).toContain('s3:ObjectCreated:*');
      expect(config).toContain('"Value":"uploads/"');
      expect(config).toContain(synth.logicalId(jobs(), jobs().importJob.fn));
      const invoke = ofType('AWS::Lambda::EventInvokeConfig').find((r) =>
        JSON.stringify(r.Properties.DestinationConfig).includes(
          synth.logicalId(jobs(), jobs().importFailures.queue),
        ),
      );
      expect(invoke).toBeDefined();
    });

    it('gives the import 15 minutes and 2 GB, read access to uploads only, and scoring writes', () => {
      const fn = jobs().importJob;
      expect(props(fn)).toMatchObject({ Timeout: 900, MemorySize: 2048 });
      const s3 = statements(fn).filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')));
      expect(s3.flatMap((s) => [s.Action].flat())).toEqual(['s3:GetObject']);
      expect(JSON.stringify(s3[0]?.Resource)).toContain('/uploads/*');
      expect(granted(fn, updates)).toEqual(['Scoring']);
      expect(granted(fn, writes)).toEqual(['Audit', 'Scoring']);
      expect(granted(fn, (a) => a.includes('dynamodb:GetItem'))).toEqual(['Audit', 'Directory', 'Scoring']);
    });
  });

  it('alarms on throttles of every job and on a lagging case stream', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map((r) => r.Properties);
    expect(alarms.filter((a) => a.MetricName === 'Throttles')).toHaveLength(3);
    const [lag] = alarms.filter((a) => a.MetricName === 'IteratorAge');
    expect(lag).toMatchObject({ Threshold: 15 * 60 * 1000, Statistic: 'Maximum' });
    for (const alarm of alarms) expect(JSON.stringify(alarm.AlarmActions)).toContain('Alarms');
  });
});
