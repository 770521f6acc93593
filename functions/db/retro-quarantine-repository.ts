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
import { buildQuarantineUpdate, counterKeys } from './integrity-transaction';
import { fromItem, toItem } from './item';
import { integrityKeys, quarantineAttr } from './keys/integrity';
import { responseKeys } from './keys/responses';
import { transactUnlessChanged } from './transact';

const keyOf = (c: IntegrityCounterSet, name: CounterName) => {
  const found = counterKeys(c).find((k) => k.name === name);
  if (!found) throw new Error(`the ballot has no ${name} counter`);
  return found.key;
};

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

export class RetroQuarantineRepository implements RetroQuarantineStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async counterBallots(c: IntegrityCounterSet, name: CounterName) {
    const out = await withDbErrors(() =>
      this.client.send(
        new GetItemCommand({ TableName: this.table, Key: toItem(keyOf(c, name)), ConsistentRead: true }),
      ),
    );
    return {
      responseIds: out.Item?.responseIds?.SS ?? [],
      done: out.Item?.retroDoneAt !== undefined,
    };
  }

  async markCounterDone(c: IntegrityCounterSet, name: CounterName, at: string): Promise<void> {
    await withDbErrors(() =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: toItem(keyOf(c, name)),
          UpdateExpression: 'SET retroDoneAt = if_not_exists(retroDoneAt, :at)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: toItem({ ':at': at }),
        }),
      ),
    );
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
