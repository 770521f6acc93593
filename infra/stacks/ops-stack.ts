/**
 * OpsStack: what tells the operators that something is wrong before a citizen or a ranking does.
 * The hourly monitor job, the alarms (5xx rate, throttles, dead letters, stale aggregates, units
 * without bad reviews), the SNS topic they notify, and one CloudWatch dashboard.
 */
import {
  CrossStackReferences,
  Duration,
  ReferenceStrength,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { directoryTable, responsesTable } from '../../functions/db/tables';
import type { StageConfig, TargetConfig } from '../config';
import type { AppFunction } from '../constructs/app-function';
import { ScheduledJob } from '../constructs/scheduled-job';
import type { ApiStack } from './api-stack';
import type { DataStack } from './data-stack';

/** CloudWatch namespace of the application's own metrics (functions/observability/metrics.ts). */
export const APP_NAMESPACE = 'Kmpj';

/** Props of {@link OpsStack}. */
export interface OpsStackProps extends StackProps {
  readonly config: StageConfig;
  readonly target: TargetConfig;
  readonly data: DataStack;
  readonly api: ApiStack;
}

/** Monitor job, alarms, alarm topic and dashboard of one stage. */
export class OpsStack extends Stack {
  readonly alarmTopic: sns.Topic;
  readonly monitor: ScheduledJob;
  readonly alarms: Record<string, cloudwatch.Alarm>;
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OpsStackProps) {
    super(scope, id, props);
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { config, target, data, api } = props;

    this.alarmTopic = new sns.Topic(this, 'Alarms', {
      displayName: `${config.stackPrefix}alarms`,
      enforceSSL: true,
    });
    Validations.of(this.alarmTopic).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry alarm names and metric values only, never personal data; a KMS-encrypted ' +
        'topic would need a key policy for CloudWatch in each partition for no gain in confidentiality.',
    });
    if (target.alarmEmail)
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(target.alarmEmail));
    const notify = new actions.SnsAction(this.alarmTopic);

    this.monitor = new ScheduledJob(this, 'Monitor', {
      entry: 'functions/handlers/monitor.ts',
      config,
      serviceName: 'kmpj-monitor',
      tracing: target.tracing,
      schedule: events.Schedule.rate(Duration.hours(1)),
      // One directory scan and a few queries per unit: a province's units fit in well under a minute.
      memorySize: 512,
      timeout: Duration.minutes(5),
      environment: {
        MONITOR_NO_BAD_REVIEW_DAYS: String(config.monitor.noBadReviewDays),
        MONITOR_MIN_RESPONSES: String(config.monitor.minResponses),
      },
      alarmAction: notify,
    });
    this.monitor.function.bindTable(data.table(directoryTable), 'RO');
    this.monitor.function.bindTable(data.table(responsesTable), 'RO');

    const functions = [api.publicFunction, api.consoleFunction, this.monitor.function];
    this.alarms = {
      deadLetters: this.monitor.dlqAlarm,
      ...this.errorRateAlarms(api),
      ...this.throttleAlarms(config, api, functions),
      ...this.monitorAlarms(config),
    };
    for (const alarm of Object.values(this.alarms)) {
      if (alarm !== this.monitor.dlqAlarm) alarm.addAlarmAction(notify);
    }
    this.dashboard = this.createDashboard(config, api, functions);
  }

  /** Server errors as a share of requests, ignored below 20 requests per 5 minutes (one error is not a rate). */
  private errorRateAlarms(api: ApiStack): Record<string, cloudwatch.Alarm> {
    const period = Duration.minutes(5);
    const rate = (id: string, errors: cloudwatch.IMetric, requests: cloudwatch.IMetric, label: string) =>
      new cloudwatch.Alarm(this, id, {
        alarmDescription: `${label}: more than 1 % of requests answered 5xx (see docs/operations.md)`,
        metric: new cloudwatch.MathExpression({
          expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
          usingMetrics: { errors, requests },
          period,
          label: `${label} 5xx %`,
        }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    return {
      publicApi5xx: rate(
        'PublicApi5xxRate',
        api.api.metricServerError({ period, statistic: 'Sum' }),
        api.api.metricCount({ period, statistic: 'Sum' }),
        'Public API',
      ),
      consoleApi5xx: rate(
        'ConsoleApi5xxRate',
        api.consoleApi.metricServerError({ period, statistic: 'Sum' }),
        api.consoleApi.metricCount({ period, statistic: 'Sum' }),
        'Console API',
      ),
    };
  }

  /**
   * Lambda throttles (concurrency exhausted: requests fail) and API Gateway 429s (the stage limits
   * turned callers away). API Gateway has no 429 metric of its own, so a metric filter counts the
   * 429 lines of the access logs.
   */
  private throttleAlarms(
    config: StageConfig,
    api: ApiStack,
    functions: AppFunction[],
  ): Record<string, cloudwatch.Alarm> {
    const period = Duration.minutes(5);
    const out: Record<string, cloudwatch.Alarm> = {};
    for (const fn of functions) {
      out[`${fn.serviceName}Throttles`] = new cloudwatch.Alarm(this, `${fn.node.id}Throttles`, {
        alarmDescription: `${fn.serviceName}: Lambda throttled invocations (concurrency limit reached)`,
        metric: fn.fn.metricThrottles({ period, statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
    for (const [name, group] of Object.entries(api.accessLogs)) {
      new logs.MetricFilter(this, `${name}ApiThrottledFilter`, {
        logGroup: group,
        filterPattern: logs.FilterPattern.stringValue('$.status', '=', '429'),
        metricNamespace: APP_NAMESPACE,
        metricName: 'ApiThrottled',
        metricValue: '1',
        dimensions: { api: '$.api', stage: '$.kmpjStage' },
      });
    }
    for (const name of ['public', 'console'] as const) {
      out[`${name}Api429`] = new cloudwatch.Alarm(this, `${name === 'public' ? 'Public' : 'Console'}Api429`, {
        alarmDescription: `${name} API: API Gateway throttling answered 429 to callers`,
        metric: new cloudwatch.Metric({
          namespace: APP_NAMESPACE,
          metricName: 'ApiThrottled',
          dimensionsMap: { api: name, stage: config.stage },
          period,
          statistic: 'Sum',
        }),
        threshold: 5,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
    return out;
  }

  private monitorMetric(config: StageConfig, metricName: string): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: APP_NAMESPACE,
      metricName,
      dimensionsMap: { service: 'kmpj-monitor', stage: config.stage },
      period: Duration.hours(1),
      statistic: 'Maximum',
    });
  }

  private monitorAlarms(config: StageConfig): Record<string, cloudwatch.Alarm> {
    return {
      staleAggregates: new cloudwatch.Alarm(this, 'StaleAggregates', {
        alarmDescription:
          'Aggregates count fewer responses than the response index for two hourly runs, or the monitor did ' +
          'not report at all (missing data breaches): rankings and dashboards are missing answers.',
        metric: this.monitorMetric(config, 'StaleAggregates'),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 2,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      }),
      unitsWithoutBadReviews: new cloudwatch.Alarm(this, 'UnitsWithoutBadReviews', {
        alarmDescription:
          `A unit had at least ${config.monitor.minResponses} responses in ${config.monitor.noBadReviewDays} days ` +
          'and not one level-1/2 answer: check that its form still offers them (unit ids in the monitor log).',
        metric: this.monitorMetric(config, 'UnitsWithoutBadReviews'),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    };
  }

  private createDashboard(
    config: StageConfig,
    api: ApiStack,
    functions: AppFunction[],
  ): cloudwatch.Dashboard {
    const period = Duration.minutes(5);
    /** Business metrics come from several services; SEARCH sums them whatever service emitted them. */
    const business = (name: string) =>
      new cloudwatch.MathExpression({
        expression: `SUM(SEARCH('{${APP_NAMESPACE},service,stage} MetricName="${name}" stage="${config.stage}"', 'Sum', 300))`,
        label: name,
        period,
      });
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${config.stackPrefix}overview`,
      defaultInterval: Duration.days(1),
    });
    dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: Object.values(this.alarms),
        width: 24,
        height: 4,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Citizen submissions and validation failures',
        left: [business('Submissions'), business('ValidationFailures')],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Quarantined ballots and overdue cases',
        left: [business('QuarantinedBallots'), business('OverdueCases')],
        width: 12,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Public API: requests, 4xx, 5xx',
        left: [
          api.api.metricCount({ period, statistic: 'Sum' }),
          api.api.metricClientError({ period, statistic: 'Sum' }),
          api.api.metricServerError({ period, statistic: 'Sum' }),
        ],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Public API latency (p50, p99)',
        left: [
          api.api.metricLatency({ period, statistic: 'p50' }),
          api.api.metricLatency({ period, statistic: 'p99' }),
        ],
        width: 12,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Lambda errors and throttles',
        left: functions.map((f) =>
          f.fn.metricErrors({ period, statistic: 'Sum', label: `${f.serviceName} errors` }),
        ),
        right: functions.map((f) =>
          f.fn.metricThrottles({ period, statistic: 'Sum', label: `${f.serviceName} throttles` }),
        ),
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Monitor: units without bad reviews, stale aggregates, aggregate age (min)',
        left: [
          this.monitorMetric(config, 'UnitsWithoutBadReviews'),
          this.monitorMetric(config, 'StaleAggregates'),
        ],
        right: [this.monitorMetric(config, 'AggregateAgeMinutes')],
        width: 12,
      }),
    );
    return dashboard;
  }
}
