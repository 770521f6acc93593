/**
 * DataStack: every DynamoDB table, generated from the declarative specs in functions/db/tables.ts.
 * It has no other resources so that stateless stacks can be destroyed and redeployed freely.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { allTables, type KeySpec, type TableSpec } from '../../functions/db/tables';
import type { StageConfig } from '../config';

/** A DynamoDB table that remembers the spec it was created from (for env var names in `bindTable`). */
export class AppTable extends dynamodb.TableV2 {
  readonly spec: TableSpec;

  constructor(scope: Construct, spec: TableSpec, config: StageConfig) {
    // The construct id is the spec's logical name: changing it would replace the table.
    super(scope, spec.logicalName, {
      partitionKey: toAttribute(spec.partitionKey),
      sortKey: spec.sortKey && toAttribute(spec.sortKey),
      globalSecondaryIndexes: spec.globalIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: toAttribute(index.partitionKey),
        sortKey: index.sortKey && toAttribute(index.sortKey),
      })),
      timeToLiveAttribute: spec.timeToLiveAttribute,
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: config.tables.removalPolicy,
      deletionProtection: config.tables.deletionProtection,
    });
    this.spec = spec;
  }
}

function toAttribute(key: KeySpec): dynamodb.Attribute {
  const type = key.type === 'N' ? dynamodb.AttributeType.NUMBER : dynamodb.AttributeType.STRING;
  return { name: key.name, type };
}

/** Props of {@link DataStack}. */
export interface DataStackProps extends StackProps {
  readonly config: StageConfig;
}

/** Owns the tables; other stacks receive them through {@link DataStack.table}. */
export class DataStack extends Stack {
  readonly tables: readonly AppTable[];

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    this.tables = allTables.map((spec) => new AppTable(this, spec, props.config));
  }

  /** Returns the table created from `spec`; throws if the spec is not part of `allTables`. */
  table(spec: TableSpec): AppTable {
    const found = this.tables.find((t) => t.spec.logicalName === spec.logicalName);
    if (!found) throw new Error(`No table for spec ${spec.logicalName}`);
    return found;
  }
}
