/**
 * FailureQueue: where an event-driven function parks what it could not process, and the alarm on
 * the first parked message. The same guarantees as ScheduledJob's dead-letter queue, for functions
 * invoked by S3 notifications or DynamoDB streams instead of a schedule.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Props of {@link FailureQueue}. */
export interface FailureQueueProps {
  /** Service name of the function whose failures land here (alarm text). */
  readonly serviceName: string;
  /** What a parked message means, for the alarm description. */
  readonly meaning: string;
  readonly alarmAction?: cloudwatch.IAlarmAction;
}

/** An encrypted, TLS-only SQS queue kept 14 days, and an alarm on its first visible message. */
export class FailureQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: FailureQueueProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      // Longest retention: a failed record waits two weeks for someone to look and redrive it.
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    for (const ruleId of ['AwsSolutions::AwsSolutions-SQS3', 'Serverless::Serverless-SQSRedrivePolicy']) {
      Validations.of(this.queue).acknowledge({
        id: ruleId,
        reason: `This queue is itself the failure destination of ${props.serviceName}.`,
      });
    }
    this.alarm = new cloudwatch.Alarm(this, 'Alarm', {
      alarmDescription: `${props.serviceName}: ${props.meaning} (see docs/operations.md)`,
      metric: this.queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmAction) this.alarm.addAlarmAction(props.alarmAction);
  }
}
