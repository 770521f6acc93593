/**
 * AppFunction: the one way this project creates a Lambda function, so that every function gets
 * the same runtime, architecture, bundling, logging and least-privilege table access.
 */
import * as path from 'node:path';
import type { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { TableSpec } from '../../functions/db/tables';
import { ESM_REQUIRE_BANNER, LAMBDA_TARGET } from '../bundling';
import { repoRoot, type StageConfig } from '../config';

/** A table that knows the spec it was created from, i.e. the `AppTable` of DataStack. */
export type SpecifiedTable = dynamodb.ITableV2 & { readonly spec: TableSpec };

/** Props of {@link AppFunction}. */
export interface AppFunctionProps {
  /** Handler entry file relative to the repository root, e.g. `functions/handlers/public-api.ts`. */
  readonly entry: string;
  readonly config: StageConfig;
  /** Value of POWERTOOLS_SERVICE_NAME, e.g. `kmpj-public-api`. */
  readonly serviceName: string;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  readonly environment?: Record<string, string>;
}

/** A bundled Node 22 arm64 Lambda function with its own log group. */
export class AppFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    const { config } = props;

    // An explicit log group (instead of the implicit one Lambda creates) gives us retention and
    // makes the group part of the stack, so it is removed or kept together with the function.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: config.logRetention,
      removalPolicy: config.logRemovalPolicy,
    });

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
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        // Stack traces point at the TypeScript sources through the bundled source map.
        NODE_OPTIONS: '--enable-source-maps',
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
        externalModules: [],
        // Use the locally installed esbuild: synth must work offline and without Docker.
        forceDockerBundling: false,
      },
    });
  }

  /**
   * Gives the function access to a table: sets the spec's env var to the table name and grants
   * read-only (`RO`) or read/write (`RW`) data access. Nothing else grants table access.
   */
  bindTable(table: SpecifiedTable, access: 'RO' | 'RW'): void {
    this.fn.addEnvironment(table.spec.envVar, table.tableName);
    if (access === 'RW') table.grantReadWriteData(this.fn);
    else table.grantReadData(this.fn);
  }
}
