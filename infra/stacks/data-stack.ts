/**
 * DataStack: every DynamoDB table, generated from the declarative specs in functions/db/tables.ts,
 * and the customer-managed key that encrypts them. Nothing stateless lives here, so that the other
 * stacks can be destroyed and redeployed freely.
 */
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { allTables, type KeySpec, type TableSpec } from '../../functions/db/tables';
import type { StageConfig } from '../config';

/** A DynamoDB table that remembers the spec it was created from (for env var names in `bindTable`). */
export class AppTable extends dynamodb.TableV2 {
  readonly spec: TableSpec;
  /** The customer-managed key of the table (bindTable grants its use). */
  readonly dataKey: kms.IKey;

  constructor(scope: Construct, spec: TableSpec, config: StageConfig, key: kms.IKey) {
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
      // A change stream where the spec asks for one (Responses: follow-up cases, the push outbox, node rollups).
      dynamoStream: spec.stream && dynamodb.StreamViewType[spec.stream],
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: config.tables.removalPolicy,
      deletionProtection: config.tables.deletionProtection,
    });
    this.spec = spec;
    this.dataKey = key;
    // TableV2's `customerManagedKey` refuses region-agnostic stacks (it renders per-replica keys),
    // and synth must stay offline and account/region-free. The one replica is this region's table,
    // so the key is set on it directly.
    const cfn = this.node.defaultChild as dynamodb.CfnGlobalTable;
    cfn.addPropertyOverride('SSESpecification', { SSEEnabled: true, SSEType: 'KMS' });
    cfn.addPropertyOverride('Replicas.0.SSESpecification', { KMSMasterKeyId: key.keyArn });
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
  /** Encrypts every table and the QR secret; functions get Decrypt/Encrypt through their bindings. */
  readonly key: kms.Key;
  /**
   * Field encryption of citizens' callback phone numbers (KMS Encrypt/Decrypt with the contact's
   * encryption context). A key of its own, apart from the table key: CloudTrail then shows every phone
   * decryption on its own, and only the functions that handle contacts may use it (no
   * `kms:ViaService`: the functions call KMS directly).
   */
  readonly contactKey: kms.Key;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;
    // A customer-managed key (not the AWS-owned default) so that CloudTrail records every use and
    // access can be withdrawn by key policy; yearly rotation keeps old material decrypt-only.
    this.key = new kms.Key(this, 'DataKey', {
      alias: `alias/${config.stackPrefix}data`,
      description: 'Encrypts the survey tables and the QR signing secret',
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy: config.keyRemovalPolicy,
      // The shortest wait in dev; prod keeps the key anyway, and 30 days is the longest undo window.
      pendingWindow: Duration.days(config.keyRemovalPolicy === RemovalPolicy.DESTROY ? 7 : 30),
    });
    this.contactKey = new kms.Key(this, 'ContactKey', {
      alias: `alias/${config.stackPrefix}contact`,
      description: "Encrypts citizens' callback phone numbers, field by field",
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      // Follows the tables: without it the stored phone ciphertexts are unreadable.
      removalPolicy: config.keyRemovalPolicy,
      pendingWindow: Duration.days(config.keyRemovalPolicy === RemovalPolicy.DESTROY ? 7 : 30),
    });
    this.tables = allTables.map((spec) => new AppTable(this, spec, config, this.key));
  }

  /** Returns the table created from `spec`; throws if the spec is not part of `allTables`. */
  table(spec: TableSpec): AppTable {
    const found = this.tables.find((t) => t.spec.logicalName === spec.logicalName);
    if (!found) throw new Error(`No table for spec ${spec.logicalName}`);
    return found;
  }
}
