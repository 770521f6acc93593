/**
 * Ballot-integrity storage: quiet-limit counters (written, never read, by the submission),
 * the completion-time histogram, one-time tokens, integration keys and display secrets (stored
 * hashed), unit network ranges, and the quarantine counters the province report reads.
 * One-time tokens, counters and the ALTCHA replay store live in the Responses table because it has
 * the `expiresAt` TTL attribute; long-lived secrets and unit ranges live in the Directory table.
 */
import {
  GetItemCommand,
  PutItemCommand,
  type PutItemCommandInput,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import type { TransactionRef } from '../domain/integrity/transaction-ballot';
import { addDays } from '../domain/service-day';
import type {
  BallotIssuerStore,
  DisplayRecord,
  IntegrationKeyRecord,
  OneTimeTokenRecord,
} from '../services/integrity/ports';
import type { QrTokenRecord } from '../services/ports';
import { withDbErrors } from './errors';
import { IntegrityReadRepository } from './integrity-read-repository';
import { fromItem, type Item, isConditionalCheckFailed, toItem } from './item';
import { directoryKeys } from './keys/directory';
import { integrityDirectoryKeys, integrityKeys } from './keys/integrity';
import { queryAll } from './paginate';

/** The transaction's idempotency record: the ballot as issued, kept until `retainUntil` (TTL). */
export const buildPutTransactionInput = (
  table: string,
  r: OneTimeTokenRecord & { transaction: TransactionRef },
  retainUntil: number,
): PutItemCommandInput => ({
  TableName: table,
  // `expiresAt` is the table's TTL attribute: here the retention, the ballot's expiry beside it.
  Item: toItem({
    ...integrityKeys.transaction(r.unitId, r.transaction.transactionNo),
    entity: 'TransactionBallot',
    ...r,
    ballotExpiresAt: r.expiresAt,
    expiresAt: retainUntil,
  }),
  ConditionExpression: 'attribute_not_exists(pk)',
  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
});

/** Quarantine items of one day across the province (gsi1). */
export const buildQuarantineOfDayQuery = (table: string, day: string): QueryCommandInput => ({
  TableName: table,
  IndexName: 'gsi1',
  KeyConditionExpression: 'gsi1pk = :pk',
  ExpressionAttributeValues: toItem({ ':pk': integrityKeys.quarantineDayPartition(day) }),
});

export const buildPutOneTimeTokenInput = (table: string, r: OneTimeTokenRecord): PutItemCommandInput => ({
  TableName: table,
  Item: toItem({ ...integrityKeys.oneTimeToken(r.tokenHash), entity: 'OneTimeToken', ...r }),
  ConditionExpression: 'attribute_not_exists(pk)',
});

export const buildPutIntegrationKeyInput = (table: string, r: IntegrationKeyRecord): PutItemCommandInput => ({
  TableName: table,
  Item: toItem({ ...integrityDirectoryKeys.integrationKey(r.secretHash), entity: 'IntegrationKey', ...r }),
  ConditionExpression: 'attribute_not_exists(pk)',
});

export const buildPutDisplayInput = (table: string, r: DisplayRecord): PutItemCommandInput => ({
  TableName: table,
  Item: toItem({ ...integrityDirectoryKeys.displaySecret(r.secretHash), entity: 'Display', ...r }),
  ConditionExpression: 'attribute_not_exists(pk)',
});

/** A quarantine item as the report reads it. */
export interface QuarantineCounts {
  unitId: string;
  servicePointId: string;
  day: string;
  quarantined: number;
  flags: Record<string, number>;
}

/** The integrity tables for the console, the jobs and the integration routes: the reads and their writes. */
export class IntegrityRepository extends IntegrityReadRepository implements BallotIssuerStore {
  /** Sets the network ranges a unit itself uses (from an admin script or the local seed). */
  async putUnitNetworks(unitId: string, ranges: readonly string[]): Promise<void> {
    await withDbErrors(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tables.directory,
          Item: toItem({
            ...integrityDirectoryKeys.unitNetworks(unitId),
            entity: 'UnitNetworks',
            unitId,
            ranges: [...ranges],
          }),
        }),
      ),
    );
  }

  /** Stores a batch of fresh one-time tokens atomically (at most 50: one transaction per request). */
  async putOneTimeTokens(records: readonly OneTimeTokenRecord[]): Promise<void> {
    await withDbErrors(() =>
      this.client.send(
        new TransactWriteItemsCommand({
          TransactItems: records.map((r) => ({
            Put: buildPutOneTimeTokenInput(this.tables.responses, r) as never,
          })),
        }),
      ),
    );
  }

  /**
   * The transaction's record first (conditional put, which hands back the stored record when it
   * exists), then the ballot's token item from that record. The token item is written on every
   * call unless present, so a crash between the two writes is repaired by the next call.
   */
  async putTransactionBallot(
    record: OneTimeTokenRecord & { transaction: TransactionRef },
    retainUntil: number,
  ): Promise<{ created: boolean; record: OneTimeTokenRecord }> {
    let created = true;
    let stored: OneTimeTokenRecord = record;
    try {
      await withDbErrors(() =>
        this.client.send(
          new PutItemCommand(buildPutTransactionInput(this.tables.responses, record, retainUntil)),
        ),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
      const old = (err as { Item?: Item }).Item;
      if (!old) throw err;
      const {
        ballotExpiresAt,
        expiresAt: _retention,
        ...rest
      } = fromItem<OneTimeTokenRecord & { ballotExpiresAt: number }>(old);
      created = false;
      stored = { ...rest, expiresAt: ballotExpiresAt };
    }
    try {
      await withDbErrors(() =>
        this.client.send(
          new PutItemCommand({
            ...buildPutOneTimeTokenInput(this.tables.responses, stored),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
    return { created, record: stored };
  }

  async getIntegrationKey(secretHash: string): Promise<IntegrationKeyRecord | undefined> {
    return this.getDirectoryItem<IntegrationKeyRecord>(integrityDirectoryKeys.integrationKey(secretHash));
  }

  async getDisplay(secretHash: string): Promise<DisplayRecord | undefined> {
    return this.getDirectoryItem<DisplayRecord>(integrityDirectoryKeys.displaySecret(secretHash));
  }

  async putIntegrationKey(r: IntegrationKeyRecord): Promise<void> {
    await withDbErrors(() =>
      this.client.send(new PutItemCommand(buildPutIntegrationKeyInput(this.tables.directory, r))),
    );
  }

  async putDisplay(r: DisplayRecord): Promise<void> {
    await withDbErrors(() =>
      this.client.send(new PutItemCommand(buildPutDisplayInput(this.tables.directory, r))),
    );
  }

  async activeQrToken(servicePointId: string): Promise<QrTokenRecord | undefined> {
    const out = await withDbErrors(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tables.directory,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: toItem({ ':pk': directoryKeys.tokensOf(servicePointId) }),
          ScanIndexForward: false,
        }),
      ),
    );
    return (out?.Items ?? [])
      .map((i) => fromItem<QrTokenRecord>(i as Item))
      .find((t) => t.status === 'active');
  }

  /**
   * Quarantine counters of every service point on each day from `fromDay` to `toDay` (inclusive),
   * one line per service point and day (its shards summed).
   */
  async quarantineBetween(fromDay: string, toDay: string): Promise<QuarantineCounts[]> {
    const out: QuarantineCounts[] = [];
    for (let day = fromDay; day <= toDay; day = addDays(day, 1)) {
      for (const item of await queryAll(this.client, buildQuarantineOfDayQuery(this.tables.responses, day)))
        out.push(parseQuarantine(fromItem<Record<string, unknown>>(item)));
    }
    return mergeQuarantineShards(out);
  }

  private async getDirectoryItem<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
    const out = await withDbErrors(() =>
      this.client.send(new GetItemCommand({ TableName: this.tables.directory, Key: toItem(key) })),
    );
    return out?.Item ? fromItem<T>(out.Item) : undefined;
  }
}

/** Sums the shards of each (unit, service point, day) into one line. */
export function mergeQuarantineShards(shards: readonly QuarantineCounts[]): QuarantineCounts[] {
  const merged = new Map<string, QuarantineCounts>();
  for (const q of shards) {
    const key = `${q.unitId}\u0000${q.servicePointId}\u0000${q.day}`;
    const seen = merged.get(key);
    if (!seen) {
      merged.set(key, { ...q, flags: { ...q.flags } });
      continue;
    }
    seen.quarantined += q.quarantined;
    for (const [f, c] of Object.entries(q.flags)) seen.flags[f] = (seen.flags[f] ?? 0) + c;
  }
  return [...merged.values()];
}

/** Folds `f.<flag>` counters back into a record. */
export function parseQuarantine(raw: Record<string, unknown>): QuarantineCounts {
  const flags: Record<string, number> = {};
  for (const [attr, value] of Object.entries(raw)) {
    if (attr.startsWith('f.') && typeof value === 'number') flags[attr.slice(2)] = value;
  }
  return {
    unitId: String(raw.unitId),
    servicePointId: String(raw.servicePointId),
    day: String(raw.day),
    quarantined: Number(raw.quarantined ?? 0),
    flags,
  };
}
