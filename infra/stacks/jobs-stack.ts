/**
 * JobsStack: the functions no HTTP request waits for, and what feeds them.
 *
 * - case-stream: the Responses table's stream → a follow-up case for every bad review,
 *   and the retroactive quarantine of the first ballots of a stuffing pattern;
 * - rollup-stream: the same stream → the daily rollups of every county, city and province (the
 *   changes of the units' aggregates, each record applied once) and their comment pointers;
 * - escalation-job: every 15 minutes, marks overdue cases, escalates and reminds;
 * - rollup-recount-job: nightly, recounts the node rollups from the units' aggregates, reports
 *   drift (log, metric, alarm) and corrects drift seen twice (a stage setting);
 * - import-job: an agency file lands in the upload bucket → its interviews are imported.
 *
 * It comes after ops (its alarms notify ops' topic) and owns the upload bucket, because S3
 * notifications must live with the bucket and point at the function: with the bucket elsewhere the
 * two stacks would reference each other. The console finds the bucket by its derived name.
 */
import {
  type CfnElement,
  CrossStackReferences,
  Duration,
  ReferenceStrength,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import {
  auditTable,
  directoryTable,
  questionnairesTable,
  quietLimitsTable,
  responsesTable,
  scoringTable,
} from '../../functions/db/tables';
import type { StageConfig, TargetConfig } from '../config';
import { AppFunction } from '../constructs/app-function';
import { FailureQueue } from '../constructs/failure-queue';
import { ScheduledJob } from '../constructs/scheduled-job';
import { UPLOAD_PREFIX, uploadBucketName } from '../upload-bucket';
import { CONTACT_KEY_REENCRYPT } from './api-stack';
import type { DataStack } from './data-stack';
import { APP_NAMESPACE } from './ops-stack';

/** Props of {@link JobsStack}. */
export interface JobsStackProps extends StackProps {
  readonly config: StageConfig;
  readonly target: TargetConfig;
  readonly data: DataStack;
  /** The ops stack's alarm topic: every alarm here notifies it. */
  readonly alarmTopic: sns.ITopic;
  /** `https://<domain>` when known at synth time: the only origin allowed to PUT uploads from a browser. */
  readonly siteOrigin?: string;
}

/** Case stream, escalation job, import job, the upload bucket and their alarms. */
export class JobsStack extends Stack {
  readonly uploadBucket: s3.Bucket;
  readonly uploadLogBucket: s3.Bucket;
  readonly caseStream: AppFunction;
  readonly caseStreamFailures: FailureQueue;
  readonly rollupStream: AppFunction;
  readonly rollupStreamFailures: FailureQueue;
  readonly escalation: ScheduledJob;
  readonly rollupRecount: ScheduledJob;
  readonly importJob: AppFunction;
  readonly importFailures: FailureQueue;
  readonly alarms: Record<string, cloudwatch.Alarm>;

  constructor(scope: Construct, id: string, props: JobsStackProps) {
    super(scope, id, props);
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { config, target, data } = props;
    const notify = new actions.SnsAction(props.alarmTopic);

    // --- Follow-up cases from bad reviews (Responses stream) ---------------------------------------
    this.caseStreamFailures = new FailureQueue(this, 'CaseStreamFailures', {
      serviceName: 'kmpj-case-stream',
      meaning: 'stream records could not open their case after all retries and are parked',
      alarmAction: notify,
    });
    this.caseStream = new AppFunction(this, 'CaseStream', {
      entry: 'functions/handlers/case-stream.ts',
      config,
      serviceName: 'kmpj-case-stream',
      tracing: target.tracing,
      // A batch of at most 10 records, each a KMS decrypt + encrypt and one transaction.
      timeout: Duration.seconds(60),
      environment: { CONTACT_KEY_ARN: data.contactKey.keyArn },
    });
    this.caseStream.bindTable(data.table(responsesTable), 'RW');
    this.caseStream.bindTable(data.table(directoryTable), 'RO');
    this.caseStream.bindTable(data.table(questionnairesTable), 'RO');
    this.caseStream.bindTable(data.table(auditTable), 'APPEND');
    // The retroactive quarantine reads the counters a ballot was counted on and marks them done.
    this.caseStream.bindTable(data.table(quietLimitsTable), 'RW');
    // Re-binds the citizen's phone: decrypted under the response, encrypted again under the case.
    this.caseStream.useKey(data.contactKey, CONTACT_KEY_REENCRYPT);
    this.caseStream.fn.addEventSource(
      new sources.DynamoEventSource(data.table(responsesTable), {
        // Idempotent consumer: replaying the stream's last 24 h on first deploy opens each case once.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        // Only new and changed responses reach the function (a change may move a ballot in or out
        // of the count, which the provincial push follows): aggregates and receipts are written
        // to the same table far more often and would wake it for nothing.
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.or('INSERT', 'MODIFY'),
            dynamodb: { NewImage: { entity: { S: lambda.FilterRule.isEqual('Response') } } },
          }),
        ],
        // The handler names failed records; a failing batch is split to isolate a poison record,
        // retried, then parked with its stream coordinates so that nothing blocks the shard.
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: 5,
        maxRecordAge: Duration.hours(24),
        onFailure: new sources.SqsDlq(this.caseStreamFailures.queue),
      }),
    );
    Validations.of(this.caseStream.fn.node.defaultChild as Construct).acknowledge({
      id: 'Serverless::Serverless-LambdaDLQ',
      reason:
        'Invoked by a DynamoDB stream: failed records go to the event source mapping’s on-failure queue ' +
        '(a function DLQ only applies to asynchronous invocations).',
    });
    Validations.of(this.caseStream.role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'dynamodb:ListStreams supports no resource-level permission (added by the stream event source).',
    });

    // --- Node rollups (Responses stream, second consumer) -------------------------------------------
    this.rollupStreamFailures = new FailureQueue(this, 'RollupStreamFailures', {
      serviceName: 'kmpj-rollup-stream',
      meaning: 'aggregate changes could not reach the node rollups after all retries (run the recount)',
      alarmAction: notify,
    });
    this.rollupStream = new AppFunction(this, 'RollupStream', {
      entry: 'functions/handlers/rollup-stream.ts',
      config,
      serviceName: 'kmpj-rollup-stream',
      tracing: target.tracing,
      timeout: Duration.seconds(60),
    });
    this.rollupStream.bindTable(data.table(responsesTable), 'RW');
    this.rollupStream.bindTable(data.table(directoryTable), 'RO');
    this.rollupStream.bindTable(data.table(questionnairesTable), 'RO');
    this.rollupStream.fn.addEventSource(
      new sources.DynamoEventSource(data.table(responsesTable), {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        // Changes of a batch go in few transactions (one per 100 items), each record once by its mark.
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        // The units' aggregates (not the service points') and new commented responses; the rollups'
        // own items are in the same table and must not wake it.
        filters: [
          lambda.FilterCriteria.filter({
            dynamodb: {
              NewImage: {
                entity: { S: lambda.FilterRule.isEqual('DailyAggregate') },
                nodeKind: { S: lambda.FilterRule.isEqual('unit') },
              },
            },
          }),
          lambda.FilterCriteria.filter({
            dynamodb: { NewImage: { entity: { S: lambda.FilterRule.isEqual('MatterAggregate') } } },
          }),
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: {
              NewImage: {
                entity: { S: lambda.FilterRule.isEqual('Response') },
                hasComment: { BOOL: lambda.FilterRule.isEqual(true) },
              },
            },
          }),
        ],
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: 10,
        maxRecordAge: Duration.hours(24),
        onFailure: new sources.SqsDlq(this.rollupStreamFailures.queue),
      }),
    );
    Validations.of(this.rollupStream.fn.node.defaultChild as Construct).acknowledge({
      id: 'Serverless::Serverless-LambdaDLQ',
      reason:
        'Invoked by a DynamoDB stream: failed records go to the event source mapping’s on-failure queue ' +
        '(a function DLQ only applies to asynchronous invocations).',
    });
    Validations.of(this.rollupStream.role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'dynamodb:ListStreams supports no resource-level permission (added by the stream event source).',
    });

    // --- Escalation of overdue cases -----------------------------------------------------------------
    this.escalation = new ScheduledJob(this, 'Escalation', {
      entry: 'functions/handlers/escalation-job.ts',
      config,
      serviceName: 'kmpj-escalation-job',
      tracing: target.tracing,
      // Deadlines are in working days, reminders a few hours ahead: 15 minutes is punctual enough.
      schedule: events.Schedule.rate(Duration.minutes(15)),
      // Reads the overdue index page by page; a province's open cases fit well within this.
      timeout: Duration.minutes(5),
      alarmAction: notify,
    });
    const escalation = this.escalation.function;
    escalation.bindTable(data.table(responsesTable), 'RW');
    escalation.bindTable(data.table(directoryTable), 'RO');
    escalation.bindTable(data.table(questionnairesTable), 'RO');
    escalation.bindTable(data.table(auditTable), 'APPEND');

    // --- Nightly recount of the node rollups ---------------------------------------------------------
    const recount = config.rollupRecount;
    this.rollupRecount = new ScheduledJob(this, 'RollupRecount', {
      entry: 'functions/handlers/rollup-recount-job.ts',
      config,
      serviceName: 'kmpj-rollup-recount-job',
      tracing: target.tracing,
      schedule: events.Schedule.cron({ hour: String(recount.hourUtc), minute: String(recount.minuteUtc) }),
      // Two passes 30 s apart over a province's units and rollups (one Query per unit and shard).
      timeout: Duration.minutes(15),
      environment: {
        ROLLUP_RECOUNT_REPAIR: String(recount.repair),
        ROLLUP_RECOUNT_DAYS: String(recount.days),
      },
      alarmAction: notify,
    });
    // Reads the tree; reads aggregates and rollups, and writes corrections only when it repairs.
    this.rollupRecount.function.bindTable(data.table(responsesTable), recount.repair ? 'RW' : 'RO');
    this.rollupRecount.function.bindTable(data.table(directoryTable), 'RO');
    const rollupDrift = new cloudwatch.Alarm(this, 'RollupDrift', {
      alarmDescription:
        `kmpj-rollup-recount-job: the nightly recount found county/city/province rollups differing from their units' ` +
        `aggregates (${recount.repair ? 'corrected when seen twice' : 'not corrected'}); the drifting node-days are in its log`,
      metric: new cloudwatch.Metric({
        namespace: APP_NAMESPACE,
        metricName: 'RollupDriftCells',
        dimensionsMap: { service: 'kmpj-rollup-recount-job', stage: config.stage },
        period: Duration.days(1),
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    rollupDrift.addAlarmAction(notify);

    // --- Agency uploads ------------------------------------------------------------------------------
    const destroyable = config.tables.removalPolicy === RemovalPolicy.DESTROY;
    this.uploadLogBucket = new s3.Bucket(this, 'UploadAccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(config.accessLogDays) }],
      removalPolicy: config.tables.removalPolicy,
      autoDeleteObjects: destroyable,
    });
    Validations.of(this.uploadLogBucket).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason: 'This is the access log bucket of the upload bucket; logging it into itself would loop.',
    });
    // Raw interview files: personal survey answers. Private, TLS only, and gone after the retention;
    // what the import extracted lives on in the Scoring table.
    this.uploadBucket = new s3.Bucket(this, 'Uploads', {
      bucketName: uploadBucketName(config),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.uploadLogBucket,
      serverAccessLogsPrefix: 'uploads/',
      lifecycleRules: [
        {
          prefix: UPLOAD_PREFIX,
          expiration: Duration.days(config.uploadRetentionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      // Analysts PUT through presigned URLs from the console page: the browser needs CORS for that.
      cors: [
        {
          allowedMethods: [s3.HttpMethods.PUT],
          allowedOrigins: [props.siteOrigin ?? '*'],
          allowedHeaders: ['content-type', 'content-length', 'x-amz-*'],
          maxAge: 3600,
        },
      ],
      removalPolicy: config.tables.removalPolicy,
      autoDeleteObjects: destroyable,
    });

    this.importFailures = new FailureQueue(this, 'ImportFailures', {
      serviceName: 'kmpj-import',
      meaning: 'an uploaded file could not be imported after retries and its event is parked',
      alarmAction: notify,
    });
    this.importJob = new AppFunction(this, 'ImportJob', {
      entry: 'functions/handlers/import-job.ts',
      config,
      serviceName: 'kmpj-import',
      tracing: target.tracing,
      // 200 000 rows of XLSX are parsed in memory (exceljs) and written in batches: the most memory
      // (and with it CPU) of any function, and Lambda's longest timeout.
      memorySize: 2048,
      timeout: Duration.minutes(15),
      onFailure: new destinations.SqsDestination(this.importFailures.queue),
      // One retry: imports are idempotent per interview id, but a file that fails twice needs a person.
      retryAttempts: 1,
    });
    this.importJob.bindTable(data.table(scoringTable), 'RW');
    this.importJob.bindTable(data.table(directoryTable), 'RO');
    this.importJob.bindTable(data.table(auditTable), 'APPEND');
    this.importJob.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [this.uploadBucket.arnForObjects(`${UPLOAD_PREFIX}*`)],
      }),
    );
    Validations.of(this.importJob.role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${this.getLogicalId(this.uploadBucket.node.defaultChild as CfnElement)}.Arn>/${UPLOAD_PREFIX}*]`,
      reason:
        'The import reads whichever upload triggered it; every object key is new, under the upload prefix.',
    });
    Validations.of(this.importJob.fn.node.defaultChild as Construct).acknowledge({
      id: 'Serverless::Serverless-LambdaDLQ',
      reason: 'Failed invocations go to a queue through an on-failure destination, which supersedes a DLQ.',
    });
    this.uploadBucket.addEventNotification(
      s3.EventType.OBJECT_CREATED,
      new s3n.LambdaDestination(this.importJob.fn),
      { prefix: UPLOAD_PREFIX },
    );

    this.alarms = {
      caseStreamFailures: this.caseStreamFailures.alarm,
      caseStreamLag: this.caseStreamLagAlarm(notify),
      escalationDeadLetters: this.escalation.dlqAlarm,
      rollupRecountDeadLetters: this.rollupRecount.dlqAlarm,
      rollupDrift,
      importFailures: this.importFailures.alarm,
      ...this.throttleAlarms([this.caseStream, escalation, this.importJob], notify),
    };
    this.acknowledgeCdkHelpers();
  }

  /** Cases open late when the stream consumer falls behind (iterator age: age of the last record read). */
  private caseStreamLagAlarm(notify: cloudwatch.IAlarmAction): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, 'CaseStreamLag', {
      alarmDescription:
        'kmpj-case-stream: bad reviews wait more than 15 minutes for their case (stream iterator age); ' +
        'see docs/operations.md',
      metric: this.caseStream.fn.metric('IteratorAge', { period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 15 * 60 * 1000,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(notify);
    return alarm;
  }

  private throttleAlarms(
    functions: AppFunction[],
    notify: cloudwatch.IAlarmAction,
  ): Record<string, cloudwatch.Alarm> {
    const out: Record<string, cloudwatch.Alarm> = {};
    for (const fn of functions) {
      const alarm = new cloudwatch.Alarm(this, `${fn.node.id}Throttles`, {
        alarmDescription: `${fn.serviceName}: Lambda throttled invocations (concurrency limit reached)`,
        metric: fn.fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(notify);
      out[`${fn.serviceName}Throttles`] = alarm;
    }
    return out;
  }

  /** Findings on the functions CDK adds itself: S3 notification setup and (dev) bucket cleanup. */
  private acknowledgeCdkHelpers(): void {
    const helpers = this.node.children.filter(
      (c) =>
        c.node.id.startsWith('BucketNotificationsHandler') ||
        c.node.id.startsWith('Custom::S3AutoDeleteObjects'),
    );
    const reason = (what: string) =>
      `CDK-managed ${what} of a custom resource (bucket notifications or cleanup), run only by CloudFormation.`;
    const ids: Array<[string, string]> = [
      ['AwsSolutions::AwsSolutions-L1', reason('runtime')],
      ['Serverless::Serverless-LambdaLatestVersion', reason('runtime')],
      ['Serverless::Serverless-LambdaDLQ', reason('synchronous handler (CloudFormation sees failures)')],
      ['Serverless::Serverless-LambdaTracing', reason('handler, not part of the request path')],
      ['Serverless::Serverless-LambdaDefaultMemorySize', reason('memory setting')],
      [
        'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason('log permissions'),
      ],
      [
        'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason('s3:PutBucketNotification, set by CloudFormation'),
      ],
    ];
    for (const helper of helpers) {
      for (const [id, why] of ids) Validations.of(helper).acknowledge({ id, reason: why });
    }
  }
}
