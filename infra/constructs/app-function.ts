/**
 * AppFunction: the one way this project creates a Lambda function, so that every function gets
 * the same runtime, architecture, bundling, logging, tracing and least-privilege table access.
 */
import * as path from 'node:path';
import { type Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { TableSpec } from '../../functions/db/tables';
import { ESM_REQUIRE_BANNER, LAMBDA_TARGET, lambdaNodeOptions } from '../bundling';
import { repoRoot, type StageConfig } from '../config';

/** A table that knows the spec it was created from, i.e. the `AppTable` of DataStack. */
export type SpecifiedTable = dynamodb.ITableV2 & { readonly spec: TableSpec; readonly dataKey?: kms.IKey };

/**
 * Table access levels. `APPEND` is reads plus PutItem only: used for the audit trail, whose
 * entries no application principal may ever update or delete.
 */
export type TableAccess = 'RO' | 'RW' | 'APPEND';

const READ_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
];
const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/** DynamoDB actions of an access level. */
export function tableActions(access: TableAccess): string[] {
  if (access === 'RO') return READ_ACTIONS;
  if (access === 'APPEND') return [...READ_ACTIONS, 'dynamodb:PutItem'];
  return [...READ_ACTIONS, ...WRITE_ACTIONS];
}

/** Props of {@link AppFunction}. */
export interface AppFunctionProps {
  /** Handler entry file relative to the repository root, e.g. `functions/handlers/public-api.ts`. */
  readonly entry: string;
  readonly config: StageConfig;
  /** Value of POWERTOOLS_SERVICE_NAME, e.g. `kmpj-public-api`; also the `service` metric dimension. */
  readonly serviceName: string;
  /** Active X-Ray tracing; false in the China regions, where Lambda has no X-Ray integration. */
  readonly tracing: boolean;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  readonly environment?: Record<string, string>;
  /** Where a failed asynchronous invocation goes after its retries (see ScheduledJob). */
  readonly onFailure?: lambda.IDestination;
  /** Retries of a failed asynchronous invocation before it goes to the DLQ. */
  readonly retryAttempts?: number;
}

/** A bundled Node 22 arm64 Lambda function with its own log group and its own minimal role. */
/** `NODE_OPTIONS` where a function has any (see lambdaNodeOptions). */
const nodeOptions = (entry: string): { NODE_OPTIONS?: string } => {
  const options = lambdaNodeOptions(entry);
  return options ? { NODE_OPTIONS: options } : {};
};

export class AppFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;
  readonly serviceName: string;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    const { config } = props;
    this.serviceName = props.serviceName;

    // An explicit log group (instead of the implicit one Lambda creates) gives us retention and
    // makes the group part of the stack, so it is removed or kept together with the function.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: config.logRetention,
      removalPolicy: config.logRemovalPolicy,
    });

    // Our own role instead of AWSLambdaBasicExecutionRole: that managed policy may write to every
    // log group of the account; this one only to the function's own group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.serviceName}`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      entry: path.join(repoRoot, props.entry),
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: path.join(repoRoot, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? config.functionDefaults.memorySize,
      timeout: props.timeout ?? config.functionDefaults.timeout,
      logGroup: this.logGroup,
      role: this.role,
      tracing: props.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      onFailure: props.onFailure,
      retryAttempts: props.retryAttempts,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: 'Kmpj',
        POWERTOOLS_TRACE_ENABLED: String(props.tracing),
        KMPJ_STAGE: config.stage,
        ...nodeOptions(props.entry),
        ...config.appSettings,
        ...props.environment,
      },
      bundling: {
        format: nodejs.OutputFormat.ESM,
        banner: ESM_REQUIRE_BANNER,
        mainFields: ['module', 'main'],
        target: LAMBDA_TARGET,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // Bundle the AWS SDK too: pinned by package-lock and faster to cold-start than the runtime copy.
        // The OpenAPI documents' module exists only in the bundling of afterBundling below.
        externalModules: ['virtual:kmpj-openapi'],
        // Use the locally installed esbuild: synth must work offline and without Docker.
        forceDockerBundling: false,
        // NodejsFunction writes one file; the bundle is rebuilt with code splitting, so that modules
        // loaded by `import()` (KMS, SSM, exceljs …) are chunks a cold start does not read.
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) => [
            `"${path.join(repoRoot, 'node_modules', '.bin', 'tsx')}" "${path.join(repoRoot, 'scripts', 'bundle-lambda.ts')}" "${path.join(repoRoot, props.entry)}" "${outputDir}"`,
          ],
        },
      },
    });

    const fnResource = this.fn.node.defaultChild as Construct;
    for (const id of ['AwsSolutions::AwsSolutions-L1', 'Serverless::Serverless-LambdaLatestVersion']) {
      Validations.of(fnResource).acknowledge({
        id,
        reason:
          'nodejs22.x on purpose: the project pins Node 22 (middy 7 and SDK releases need it), and a newer runtime ' +
          'is adopted deliberately once it is offered in both the global and the China regions.',
      });
    }
    if (!props.tracing) {
      Validations.of(fnResource).acknowledge({
        id: 'Serverless::Serverless-LambdaTracing',
        reason:
          'The China regions offer no X-Ray integration for Lambda; correlation ids in the logs stand in.',
      });
    }
    if (props.tracing) {
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason: 'xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
      });
    }
  }

  /**
   * Lets the function call KMS directly with `key` (the contact key: the function calls
   * KMS Encrypt/Decrypt itself, so no `kms:ViaService` condition fits). Written as an identity
   * statement, not `key.grant…()`, which would edit the key policy in the data stack (a cycle).
   */
  useKey(key: kms.IKey, actions: readonly string[]): void {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...actions], resources: [key.keyArn] }),
    );
  }

  /**
   * Read access to one Secrets Manager secret encrypted with `key`. Identity statements instead of
   * `secret.grantRead()`, which would also edit the key's policy in the data stack (a cycle); the
   * key policy delegates to IAM, and the key decrypts here only through Secrets Manager.
   */
  readSecret(secret: secretsmanager.ISecret, key: kms.IKey): void {
    const stack = Stack.of(this);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: [secret.secretArn],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [key.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.${stack.urlSuffix}` },
        },
      }),
    );
  }

  /**
   * Gives the function access to a table: sets the spec's env var to the table name and grants
   * exactly the actions of `access` on the table and on each index named in its spec (no `index/*`
   * wildcard), plus the KMS use that reading or writing its items needs. Nothing else grants table access.
   */
  bindTable(table: SpecifiedTable, access: TableAccess): void {
    this.fn.addEnvironment(table.spec.envVar, table.tableName);
    const resources = [
      table.tableArn,
      ...table.spec.globalIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`),
    ];
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: tableActions(access), resources }));
    if (table.dataKey) {
      const kmsActions =
        access === 'RO'
          ? ['kms:Decrypt', 'kms:DescribeKey']
          : ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'];
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: kmsActions,
          resources: [table.dataKey.keyArn],
          // Only through DynamoDB: the role cannot use the key to decrypt anything else.
          conditions: {
            StringEquals: {
              'kms:ViaService': `dynamodb.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`,
            },
          },
        }),
      );
    }
  }
}
