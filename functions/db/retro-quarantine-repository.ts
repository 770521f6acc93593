/**
 * Storage of the retroactive quarantine (services/integrity/quarantine-earlier.ts): the
 * ballots recorded on a quiet-limit counter, and the one transaction that takes a counted ballot
 * back: its verdict, its exclusion, the compensating aggregate updates and the quarantine counter.
 */
import {
  type DynamoDBClient,
  GetItemCommand,
  type TransactWriteItemsCommandInput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { AggregateDelta } from '../domain/aggregate';
import type { CounterName, IntegrityVerdict } from '../domain/integrity/signals';
import type { IntegrityCounterSet } from '../services/integrity/ports';
import type { RetroQuarantineStore, RetroResponse } from '../services/integrity/quarantine-earlier';
import { compensatingUpdates } from './case-repository';
import { withDbErrors } from './errors';
import { buildQuarantineUpdate } from './integrity-transaction';
import { fromItem, isConditionalCheckFailed, toItem } from './item';
import { integrityKeys, quarantineAttr } from './keys/integrity';
import { responseKeys } from './keys/responses';
import { buildBurstWindowQuery, counterKeys } from './limit-counters';
import { queryAll } from './paginate';
import { transactUnlessChanged } from './transact';

/** The counter's item; none for a ballot stored with another counter layout (nothing to take back). */
const keyOf = (c: IntegrityCounterSet, name: CounterName) => counterKeys(c).find((k) => k.name === name)?.key;

/**
 * Takes one counted ballot back (or only re-flags it, when the new score stays under 1, or when it
 * was quarantined before: then its quarantine counter gains the flag), if its
 * stored verdict is still `previous`, the province has not reviewed it (same score, same number of flags) and, when it is excluded
 * now, if nothing excluded it before (an upheld appeal subtracts it already).
 */
export function buildReflagInput(
  table: string,
  r: RetroResponse,
  previous: IntegrityVerdict,
  next: IntegrityVerdict,
  negatedDelta: AggregateDelta | undefined,
  at: string,
): TransactWriteItemsCommandInput {
  const exclude = negatedDelta !== undefined;
  const response = {
    Update: {
      TableName: table,
      Key: toItem(responseKeys.response(r.responseId)),
      UpdateExpression: `SET #i = :next, retroFlaggedAt = :at${exclude ? ', excludedFromScores = :x' : ''}`,
      ConditionExpression: `#i.#score = :score AND size(#i.#flags) = :nflags AND attribute_not_exists(review)${exclude ? ' AND attribute_not_exists(excludedFromScores)' : ''}`,
      ExpressionAttributeNames: { '#i': 'integrity', '#score': 'score', '#flags': 'flags' },
      ExpressionAttributeValues: toItem({
        ':next': next,
        ':at': at,
        ':score': previous.score,
        ':nflags': previous.flags.length,
        ...(exclude ? { ':x': { by: 'integrity', reason: next.flags.join(','), at } } : {}),
      }),
    },
  };
  if (previous.quarantined) {
    // Counted among the quarantined already: only the new flag is added to the day's counter.
    const added = next.flags.filter((f) => !previous.flags.includes(f));
    return {
      TransactItems: [
        response,
        {
          Update: {
            TableName: table,
            // The shard the ballot was counted into when it was quarantined.
            Key: toItem(integrityKeys.quarantine(r.unitId, r.day, r.servicePointId, r.aggregateShard)),
            UpdateExpression: `ADD ${added.map((_, i) => `#f${i} :one`).join(', ')}`,
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: Object.fromEntries(
              added.map((f, i) => [`#f${i}`, quarantineAttr.flag(f)]),
            ),
            ExpressionAttributeValues: toItem({ ':one': 1 }),
          },
        },
      ],
    };
  }
  if (!negatedDelta || !next.quarantined) return { TransactItems: [response] };
  const x = { response: r, negatedDelta, reason: 'integrity', at };
  return {
    TransactItems: [
      response,
      ...compensatingUpdates(table, x),
      buildQuarantineUpdate(table, r, { verdict: next }),
    ],
  };
}

const burstWindow = (client: DynamoDBClient, table: string, c: IntegrityCounterSet) => {
  const input = buildBurstWindowQuery(table, c, true);
  return input ? withDbErrors(() => queryAll(client, input)) : undefined;
};

export class RetroQuarantineRepository implements RetroQuarantineStore {
  /** `table`: the Responses table; `countersTable`: the QuietLimits table. */
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    private readonly countersTable: string,
  ) {}

  /**
   * The ballots recorded on a counter; for the burst counter, on every minute of the sliding
   * window ending at the ballot's minute (one Query), done when the ballot's minute is.
   */
  async counterBallots(c: IntegrityCounterSet, name: CounterName) {
    const key = keyOf(c, name);
    if (!key) return { responseIds: [], done: true };
    const [out, window] = await Promise.all([
      withDbErrors(() =>
        this.client.send(
          new GetItemCommand({ TableName: this.countersTable, Key: toItem(key), ConsistentRead: true }),
        ),
      ),
      name === 'burst' ? burstWindow(this.client, this.countersTable, c) : undefined,
    ]);
    const ids = (window ?? (out.Item ? [out.Item] : [])).flatMap((item) => item.responseIds?.SS ?? []);
    return { responseIds: [...new Set(ids)], done: out.Item?.retroDoneAt !== undefined };
  }

  /** Marks the counter's check done; a counter no longer there (deleted past its TTL) needs no mark. */
  async markCounterDone(c: IntegrityCounterSet, name: CounterName, at: string): Promise<void> {
    const key = keyOf(c, name);
    if (!key) return;
    try {
      await withDbErrors(() =>
        this.client.send(
          new UpdateItemCommand({
            TableName: this.countersTable,
            Key: toItem(key),
            UpdateExpression: 'SET retroDoneAt = if_not_exists(retroDoneAt, :at)',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: toItem({ ':at': at }),
          }),
        ),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
  }

  async getResponse(responseId: string): Promise<RetroResponse | undefined> {
    const out = await withDbErrors(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.table,
          Key: toItem(responseKeys.response(responseId)),
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item ? fromItem<RetroResponse>(out.Item) : undefined;
  }

  async reflag(
    r: RetroResponse,
    previous: IntegrityVerdict,
    next: IntegrityVerdict,
    negatedDelta: AggregateDelta | undefined,
    at: string,
  ): Promise<boolean> {
    const input = buildReflagInput(this.table, r, previous, next, negatedDelta, at);
    return transactUnlessChanged(this.client, input, 0);
  }
}
