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
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AppFunction, type AppFunctionProps } from './app-function';

/** Props of {@link ScheduledJob}. */
export interface ScheduledJobProps extends Omit<AppFunctionProps, 'onFailure' | 'retryAttempts'> {
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
    for (const id of ['AwsSolutions::AwsSolutions-SQS3', 'Serverless::Serverless-SQSRedrivePolicy']) {
      Validations.of(this.deadLetterQueue).acknowledge({
        id,
        reason:
          'This queue is itself the dead-letter queue of the job (on-failure destination and rule target).',
      });
    }

    this.function = new AppFunction(this, 'Job', {
      ...functionProps,
      // An on-failure destination rather than a classic DLQ: the parked record carries the error
      // and the request context, not only the event. Two retries (Lambda's maximum) come first.
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
      retryAttempts: 2,
    });

    Validations.of(this.function.fn.node.defaultChild as Construct).acknowledge({
      id: 'Serverless::Serverless-LambdaDLQ',
      reason:
        'Failed invocations go to the same queue through an on-failure destination, which supersedes a DLQ.',
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
