/**
 * Declarative table specifications: the single definition of every DynamoDB table.
 *
 * CDK (infra/) turns these into `dynamodb.TableV2` resources; the local stack
 * (local/) turns them into `CreateTable` calls against DynamoDB Local.
 * This file must stay free of SDK and CDK imports so that both sides can load it.
 */

export type AttributeType = 'S' | 'N';

export interface KeySpec {
  readonly name: string;
  readonly type: AttributeType;
}

export interface GlobalIndexSpec {
  readonly indexName: string;
  readonly partitionKey: KeySpec;
  readonly sortKey?: KeySpec;
}

export interface TableSpec {
  /** Logical name: CDK construct id suffix, local table name suffix, env var suffix. Never change it. */
  readonly logicalName: string;
  /** Environment variable that carries the physical table name into a Lambda function. */
  readonly envVar: string;
  readonly partitionKey: KeySpec;
  readonly sortKey?: KeySpec;
  readonly globalIndexes: readonly GlobalIndexSpec[];
  /** Change stream, if consumers react to writes (e.g. opening follow-up cases from bad reviews). */
  readonly stream?: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES';
  /** Attribute holding an epoch-seconds expiry, if items of this table expire. */
  readonly timeToLiveAttribute?: string;
  readonly description: string;
}

const pk: KeySpec = { name: 'pk', type: 'S' };
const sk: KeySpec = { name: 'sk', type: 'S' };
const gsi1: GlobalIndexSpec = {
  indexName: 'gsi1',
  partitionKey: { name: 'gsi1pk', type: 'S' },
  sortKey: { name: 'gsi1sk', type: 'S' },
};

/**
 * gsi2. In the Directory, every org node in one partition sorted by its path, so a subtree is one
 * paged Query; in Responses, open cases by the day the escalation job must next look at them.
 */
const gsi2: GlobalIndexSpec = {
  indexName: 'gsi2',
  partitionKey: { name: 'gsi2pk', type: 'S' },
  sortKey: { name: 'gsi2sk', type: 'S' },
};

/** Organisation tree (province → city → county → unit → service point) and QR tokens. */
export const directoryTable: TableSpec = {
  logicalName: 'Directory',
  envVar: 'TABLE_DIRECTORY',
  partitionKey: pk,
  sortKey: sk,
  globalIndexes: [gsi1, gsi2],
  description: 'Organisation nodes, service points and QR tokens',
};

/** Questionnaires and their immutable published versions. */
export const questionnairesTable: TableSpec = {
  logicalName: 'Questionnaires',
  envVar: 'TABLE_QUESTIONNAIRES',
  partitionKey: pk,
  sortKey: sk,
  globalIndexes: [gsi1],
  description: 'Questionnaire heads and versions',
};

/** Citizen responses, idempotency records, receipts and the daily aggregates written with them. */
export const responsesTable: TableSpec = {
  logicalName: 'Responses',
  envVar: 'TABLE_RESPONSES',
  partitionKey: pk,
  sortKey: sk,
  globalIndexes: [gsi1, gsi2],
  timeToLiveAttribute: 'expiresAt',
  stream: 'NEW_AND_OLD_IMAGES',
  description: 'Responses, submission records, receipts and daily aggregates',
};

/** Third-party (agency) evaluation: campaigns, interviews, county aggregates, snapshots. */
export const scoringTable: TableSpec = {
  logicalName: 'Scoring',
  envVar: 'TABLE_SCORING',
  partitionKey: pk,
  sortKey: sk,
  globalIndexes: [gsi1],
  description: 'Agency campaigns, interviews, aggregates and published ranking snapshots',
};

/**
 * Append-only audit trail of console writes. A table of its own so that IAM can grant the
 * console only PutItem and reads on it: no principal of the application can update or delete an entry.
 */
export const auditTable: TableSpec = {
  logicalName: 'Audit',
  envVar: 'TABLE_AUDIT',
  partitionKey: pk,
  sortKey: sk,
  globalIndexes: [gsi1],
  description: 'Append-only audit trail of console writes',
};

/**
 * The quiet-limit counters of ballot integrity: each the keys of the submissions it counted, at
 * most its cap. A table of its own, without a stream: every ballot writes up to seven of them, and
 * no consumer of the Responses stream reacts to any of those writes.
 */
export const quietLimitsTable: TableSpec = {
  logicalName: 'QuietLimits',
  envVar: 'TABLE_QUIET_LIMITS',
  partitionKey: pk,
  sortKey: sk,
  globalIndexes: [],
  timeToLiveAttribute: 'expiresAt',
  description: 'Quiet-limit counters of ballot integrity',
};

export const allTables: readonly TableSpec[] = [
  directoryTable,
  questionnairesTable,
  responsesTable,
  scoringTable,
  auditTable,
  quietLimitsTable,
];
