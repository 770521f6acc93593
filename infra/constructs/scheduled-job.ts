/**
 * ScheduledJob: an AppFunction run by an EventBridge schedule, with the failure path built in.
 * Scheduled invocations are asynchronous, so a failure is invisible unless it lands somewhere:
 * here every failed event (after Lambda's retries, or undeliverable by EventBridge) goes to a
 * dead-letter queue, and an alarm fires on the first message in it. Import and escalation jobs
 * reuse this construct and get the same guarantees without thinking about them.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AppFunction, type AppFunctionProps } from './app-function';

/** Props of {@link ScheduledJob}. */
export interface ScheduledJobProps extends Omit<AppFunctionProps, 'deadLetterQueue' | 'retryAttempts'> {
  readonly schedule: events.Schedule;
  /** What the DLQ alarm notifies, e.g. an SNS action; the alarm exists either way. */
  readonly alarmAction?: cloudwatch.IAlarmAction;
}

/** A scheduled function, its dead-letter queue and the alarm on that queue. */
export class ScheduledJob extends Construct {
  readonly function: AppFunction;
  readonly deadLetterQueue: sqs.Queue;
  readonly dlqAlarm: cloudwatch.Alarm;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    const { schedule, alarmAction, ...functionProps } = props;

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      // Longest retention: a failed run waits two weeks for someone to look and redrive it.
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the job (Lambda DeadLetterConfig and the rule target).',
    });

    this.function = new AppFunction(this, 'Job', {
      ...functionProps,
      deadLetterQueue: this.deadLetterQueue,
      // Two retries (Lambda's maximum) before the event is parked in the DLQ.
      retryAttempts: 2,
    });

    this.rule = new events.Rule(this, 'Schedule', {
      schedule,
      description: `Runs ${props.serviceName}`,
      targets: [
        new targets.LambdaFunction(this.function.fn, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
        }),
      ],
    });

    this.dlqAlarm = new cloudwatch.Alarm(this, 'DeadLettersAlarm', {
      alarmDescription: `${props.serviceName}: a run failed and is parked in its dead-letter queue (see docs/operations.md)`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (alarmAction) this.dlqAlarm.addAlarmAction(alarmAction);
  }
}
