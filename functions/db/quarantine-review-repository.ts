/**
 * Storage of the province's quarantine review (services/integrity/review-quarantine.ts): a unit's
 * undecided quarantined ballots through its gsi1 partition, and the two decision transactions.
 */
import {
  type DynamoDBClient,
  GetItemCommand,
  type QueryCommandInput,
  type TransactWriteItem,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { AggregateDelta } from '../domain/aggregate';
import type { AuditEntry } from '../domain/audit';
import type { QuarantineReview } from '../domain/quarantine-review';
import { serviceDayRange } from '../domain/service-day';
import type {
  QuarantineReviewStore,
  QueuePosition,
  ReviewBallot,
} from '../services/integrity/review-quarantine';
import type { NewSubmission } from '../services/ports';
import { buildAuditPut } from './audit-repository';
import { withDbErrors } from './errors';
import { IntegrityRepository } from './integrity-repository';
import { fromItem, toItem } from './item';
import { integrityKeys, quarantineAttr } from './keys/integrity';
import { responseKeys } from './keys/responses';
import { queryPages } from './paginate';
import { buildAggregateUpdate, buildMatterAggregateUpdate } from './response-repository';
import type { TableNames } from './table-names';
import { transactUnlessChanged } from './transact';

/**
 * A unit's ballots of service days `from`..`to` (by submission instant on its gsi1 partition)
 * that are quarantined and not decided, newest first; with `before`, from the ballot just before
 * that position (as DynamoDB's start key: the position is a ballot's own index and table key).
 * The caller drops those an appeal took out.
 */
export function buildPendingOfUnitQuery(
  table: string,
  unitId: string,
  from: string,
  to: string,
  before?: QueuePosition,
): QueryCommandInput {
  const range = serviceDayRange(from, to);
  return {
    TableName: table,
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
    FilterExpression: '#i.#q = :true AND attribute_not_exists(#rv) AND attribute_not_exists(withdrawnAt)',
    ExpressionAttributeNames: { '#i': 'integrity', '#q': 'quarantined', '#rv': 'review' },
    ExpressionAttributeValues: toItem({
      ':pk': responseKeys.unitResponses(unitId),
      ':from': responseKeys.unitResponsePosition(range.since),
      ':to': responseKeys.unitResponsePosition(range.until),
      ':true': true,
    }),
    ScanIndexForward: false,
    ...(before && {
      ExclusiveStartKey: toItem({
        ...responseKeys.response(before.responseId),
        gsi1pk: responseKeys.unitResponses(unitId),
        gsi1sk: responseKeys.unitResponsePosition(before.submittedAt, before.responseId),
      }),
    }),
  };
}

/** Index items one Query page reads: most of a unit's ballots are counted ones the filter drops. */
const PENDING_PAGE = 200;

/** The ballot's update: decided only while quarantined, undecided, not withdrawn and not excluded by an appeal. */
function decisionUpdate(table: string, b: ReviewBallot, review: QuarantineReview): TransactWriteItem {
  const release = review.status === 'released';
  return {
    Update: {
      TableName: table,
      Key: toItem(responseKeys.response(b.responseId)),
      UpdateExpression: release
        ? 'SET #rv = :review, #i.#q = :false REMOVE excludedFromScores'
        : 'SET #rv = :review',
      ConditionExpression:
        '#i.#q = :true AND attribute_not_exists(#rv) AND attribute_not_exists(withdrawnAt) AND (attribute_not_exists(excludedFromScores) OR excludedFromScores.#by = :integrity)',
      ExpressionAttributeNames: { '#i': 'integrity', '#q': 'quarantined', '#rv': 'review', '#by': 'by' },
      ExpressionAttributeValues: toItem({
        ':review': review,
        ':true': true,
        ':integrity': 'integrity',
        ...(release ? { ':false': false } : {}),
      }),
    },
  };
}

/**
 * A release: the ballot (condition above), its delta added to the window's and the unit's daily
 * aggregate shards (and the unit's 事项 shard for a transaction ballot) it was drawn for, one less
 * on its quarantine counter (with each of its flags), and the audit entry.
 */
export function buildReleaseInput(
  tables: Pick<TableNames, 'responses' | 'audit'>,
  b: ReviewBallot,
  delta: AggregateDelta,
  review: QuarantineReview,
  audit: AuditEntry,
): TransactWriteItemsCommandInput {
  const s = { ...b, delta, aggregateShard: b.aggregateShard ?? 0 } as unknown as NewSubmission;
  const flags = b.integrity?.flags ?? [];
  return {
    TransactItems: [
      decisionUpdate(tables.responses, b, review),
      buildAggregateUpdate(tables.responses, b.servicePointId, 'servicePoint', s),
      buildAggregateUpdate(tables.responses, b.unitId, 'unit', s),
      ...(b.transaction ? [buildMatterAggregateUpdate(tables.responses, s, b.transaction)] : []),
      {
        Update: {
          TableName: tables.responses,
          Key: toItem(integrityKeys.quarantine(b.unitId, b.day, b.servicePointId, b.aggregateShard)),
          UpdateExpression: `ADD ${['#q :minus', ...flags.map((_, i) => `#f${i} :minus`)].join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: {
            '#q': quarantineAttr.quarantined,
            ...Object.fromEntries(flags.map((f, i) => [`#f${i}`, quarantineAttr.flag(f)])),
          },
          ExpressionAttributeValues: toItem({ ':minus': -1 }),
        },
      },
      buildAuditPut(tables.audit, audit),
    ],
  };
}

/** A rejection: the ballot (condition above) and the audit entry; no count moves. */
export function buildRejectInput(
  tables: Pick<TableNames, 'responses' | 'audit'>,
  b: ReviewBallot,
  review: QuarantineReview,
  audit: AuditEntry,
): TransactWriteItemsCommandInput {
  return {
    TransactItems: [decisionUpdate(tables.responses, b, review), buildAuditPut(tables.audit, audit)],
  };
}

export class QuarantineReviewRepository implements QuarantineReviewStore {
  private readonly integrity: IntegrityRepository;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tables: Omit<TableNames, 'quietLimits'>,
  ) {
    this.integrity = new IntegrityRepository(client, tables);
  }

  quarantineBetween(fromDay: string, toDay: string) {
    return this.integrity.quarantineBetween(fromDay, toDay);
  }

  async *pendingOfUnit(
    unitId: string,
    fromDay: string,
    toDay: string,
    before?: QueuePosition,
  ): AsyncGenerator<ReviewBallot[]> {
    const input = buildPendingOfUnitQuery(this.tables.responses, unitId, fromDay, toDay, before);
    for await (const page of queryPages(this.client, input, PENDING_PAGE)) {
      yield (page.Items ?? [])
        .map((i) => fromItem<ReviewBallot>(i))
        .filter((b) => b.day >= fromDay && b.day <= toDay);
    }
  }

  async getBallot(responseId: string): Promise<ReviewBallot | undefined> {
    const out = await withDbErrors(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tables.responses,
          Key: toItem(responseKeys.response(responseId)),
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item?.entity?.S === 'Response' ? fromItem<ReviewBallot>(out.Item) : undefined;
  }

  release(b: ReviewBallot, delta: AggregateDelta, review: QuarantineReview, audit: AuditEntry) {
    return transactUnlessChanged(this.client, buildReleaseInput(this.tables, b, delta, review, audit), 0);
  }

  reject(b: ReviewBallot, review: QuarantineReview, audit: AuditEntry) {
    return transactUnlessChanged(this.client, buildRejectInput(this.tables, b, review, audit), 0);
  }
}
