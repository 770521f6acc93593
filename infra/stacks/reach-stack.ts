/**
 * ReachStack: the functions that reach beyond the system — SMS invitations out, TD replies in, and
 * the push of counted ballots to the provinces' 好差评 platforms.
 *
 * - sms-sender: every minute, sends the due invitations through Amazon SNS (transactional SMS).
 *   It may publish to phone numbers and nothing else, and may only decrypt with the contact key;
 * - sms-reply: two-way SMS (AWS End User Messaging SMS) publishes each inbound message to the
 *   InboundSms topic; the function opts a number that replied TD out;
 * - pusher: every minute, POSTs the due records of the push outbox (fed by the case stream),
 *   signed with a key derived from its own Secrets Manager secret.
 *
 * SMS exists on the global target only: Amazon SNS sends no SMS from the China regions, where an
 * SMS provider of the mainland would need an adapter of its own (README, Known limitations).
 */
import {
  CfnOutput,
  CrossStackReferences,
  Duration,
  ReferenceStrength,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { directoryTable, responsesTable } from '../../functions/db/tables';
import type { StageConfig, TargetConfig } from '../config';
import { AppFunction } from '../constructs/app-function';
import { FailureQueue } from '../constructs/failure-queue';
import { ScheduledJob } from '../constructs/scheduled-job';
import type { DataStack } from './data-stack';

/** Props of {@link ReachStack}. */
export interface ReachStackProps extends StackProps {
  readonly config: StageConfig;
  readonly target: TargetConfig;
  readonly data: DataStack;
  /** The QR secret: the number hash of the opt-out list derives from it. */
  readonly qrSecret: secretsmanager.ISecret;
  /** The ops stack's alarm topic. */
  readonly alarmTopic: sns.ITopic;
}

/** SMS sender, inbound SMS topic and opt-out function, provincial pusher and its signing secret. */
export class ReachStack extends Stack {
  readonly pushSecret: secretsmanager.Secret;
  readonly pusher: ScheduledJob;
  readonly smsSender?: ScheduledJob;
  readonly inboundSms?: sns.Topic;
  readonly inboundSmsKey?: kms.Key;
  readonly smsReply?: AppFunction;
  readonly smsReplyFailures?: FailureQueue;

  constructor(scope: Construct, id: string, props: ReachStackProps) {
    super(scope, id, props);
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { config, target, data } = props;
    const notify = new actions.SnsAction(props.alarmTopic);

    // --- Provincial push -------------------------------------------------------------------------
    // Root of every province's HMAC key (pushSigningKey(root, province)); its own secret, so the
    // pusher never holds the QR key and the QR key never signs a push.
    this.pushSecret = new secretsmanager.Secret(this, 'PushSigningSecret', {
      description: 'Root of the HMAC keys that sign the records pushed to the provincial platforms',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      encryptionKey: data.key,
      removalPolicy: config.qrSecretRemovalPolicy,
    });
    Validations.of(this.pushSecret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'Each province verifies pushes with a key derived from this secret; rotating it is agreed with every ' +
        'province first (docs/provincial-push.md), never on a timer.',
    });
    this.pusher = new ScheduledJob(this, 'Pusher', {
      entry: 'functions/handlers/push-job.ts',
      config,
      serviceName: 'kmpj-push',
      tracing: target.tracing,
      // EventBridge's shortest rate; a run drains the outbox batch after batch.
      schedule: events.Schedule.rate(Duration.minutes(1)),
      timeout: Duration.seconds(55),
      environment: { PUSH_SECRET_ARN: this.pushSecret.secretArn },
      alarmAction: notify,
    });
    this.pusher.function.bindTable(data.table(responsesTable), 'RW');
    this.pusher.function.bindTable(data.table(directoryTable), 'RO');
    this.pusher.function.readSecret(this.pushSecret, data.key);

    if (target.target !== 'global') return;

    // --- SMS invitations out ---------------------------------------------------------------------
    this.smsSender = new ScheduledJob(this, 'SmsSender', {
      entry: 'functions/handlers/sms-sender-job.ts',
      config,
      serviceName: 'kmpj-sms-sender',
      tracing: target.tracing,
      schedule: events.Schedule.rate(Duration.minutes(1)),
      timeout: Duration.seconds(55),
      environment: { CONTACT_KEY_ARN: data.contactKey.keyArn },
      alarmAction: notify,
    });
    const sender = this.smsSender.function;
    sender.bindTable(data.table(responsesTable), 'RW');
    sender.bindTable(data.table(directoryTable), 'RO');
    // Decrypts the numbers the public function encrypted; never encrypts.
    sender.useKey(data.contactKey, ['kms:Decrypt']);
    // SNS takes no resource for a publish to a phone number, so the allow names `*`; the deny
    // takes every topic away, leaving phone numbers only.
    sender.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    sender.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        actions: ['sns:Publish'],
        resources: [`arn:${this.partition}:sns:*:*:*`],
      }),
    );
    Validations.of(sender.role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'sns:Publish to a phone number has no resource ARN; a deny on every topic ARN leaves phone numbers only.',
    });

    // --- TD replies in ---------------------------------------------------------------------------
    // Its own key: the SMS service must be allowed in the key policy, which the data key must not grant.
    this.inboundSmsKey = new kms.Key(this, 'InboundSmsKey', {
      description: 'Encrypts inbound SMS (TD replies) on their topic',
      enableKeyRotation: true,
      removalPolicy: config.keyRemovalPolicy,
    });
    const smsVoice = new iam.ServicePrincipal('sms-voice.amazonaws.com');
    this.inboundSmsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        principals: [smsVoice],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    this.inboundSms = new sns.Topic(this, 'InboundSms', {
      displayName: 'kmpj inbound SMS (two-way SMS of the sending number)',
      masterKey: this.inboundSmsKey,
      enforceSSL: true,
    });
    this.inboundSms.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['sns:Publish'],
        principals: [smsVoice],
        resources: [this.inboundSms.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    this.smsReplyFailures = new FailureQueue(this, 'SmsReplyFailures', {
      serviceName: 'kmpj-sms-reply',
      meaning: 'an inbound SMS could not be recorded after retries (a TD reply may be missing)',
      alarmAction: notify,
    });
    this.smsReply = new AppFunction(this, 'SmsReply', {
      entry: 'functions/handlers/sms-reply.ts',
      config,
      serviceName: 'kmpj-sms-reply',
      tracing: target.tracing,
      timeout: Duration.seconds(30),
      environment: { QR_SECRET_ARN: props.qrSecret.secretArn },
      onFailure: new destinations.SqsDestination(this.smsReplyFailures.queue),
      retryAttempts: 2,
    });
    // Reads and puts the opt-out item; never updates or deletes anything.
    this.smsReply.bindTable(data.table(responsesTable), 'APPEND');
    this.smsReply.bindTable(data.table(directoryTable), 'RO');
    this.smsReply.readSecret(props.qrSecret, data.key);
    Validations.of(this.smsReply.fn.node.defaultChild as Construct).acknowledge({
      id: 'Serverless::Serverless-LambdaDLQ',
      reason: 'Failed invocations go to a queue through an on-failure destination, which supersedes a DLQ.',
    });
    new CfnOutput(this, 'InboundSmsTopicArn', {
      value: this.inboundSms.topicArn,
      description: 'Two-way SMS destination of the sending number (End User Messaging SMS console)',
    });
    // A message SNS could not hand to the function lands in the same failure queue.
    this.inboundSms.addSubscription(
      new subs.LambdaSubscription(this.smsReply.fn, { deadLetterQueue: this.smsReplyFailures.queue }),
    );
  }
}
