/**
 * Storage of a citizen's withdrawal (services/responses/withdraw-ballot.ts): the ballot behind a
 * receipt, and the one conditional transaction that marks it withdrawn and, if it was counted,
 * subtracts it from the aggregate shards it was counted into.
 */
import {
  type DynamoDBClient,
  GetItemCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { AggregateDelta } from '../domain/aggregate';
import { citizenExclusion } from '../domain/withdrawal';
import type { WithdrawableBallot, WithdrawalStore } from '../services/responses/withdraw-ballot';
import { compensatingUpdates } from './case-repository';
import { withDbErrors } from './errors';
import { fromItem, toItem } from './item';
import { responseKeys } from './keys/responses';
import { transactUnlessChanged } from './transact';

/** Counted now: not quarantined on arrival (or released since) and never excluded. */
const COUNTED =
  'attribute_not_exists(excludedFromScores) AND (attribute_not_exists(#i.#q) OR #i.#q = :false)';
/** Not counted now: quarantined and not released, or excluded. */
const NOT_COUNTED = '(attribute_exists(excludedFromScores) OR #i.#q = :true)';

/**
 * The withdrawal: the ballot marked (never twice), and for a counted ballot its exclusion and
 * the subtraction from its window's, unit's and 事项 aggregate shards; item 0 is the ballot.
 */
export function buildWithdrawInput(
  table: string,
  b: WithdrawableBallot,
  at: string,
  negatedDelta?: AggregateDelta,
): TransactWriteItemsCommandInput {
  const counted = negatedDelta !== undefined;
  return {
    TransactItems: [
      {
        Update: {
          TableName: table,
          Key: toItem(responseKeys.response(b.responseId)),
          UpdateExpression: counted
            ? 'SET withdrawnAt = :at, excludedFromScores = :x'
            : 'SET withdrawnAt = :at',
          ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(withdrawnAt) AND ${counted ? COUNTED : NOT_COUNTED}`,
          ExpressionAttributeNames: { '#i': 'integrity', '#q': 'quarantined' },
          ExpressionAttributeValues: toItem({
            ':at': at,
            ...(counted ? { ':x': citizenExclusion(at), ':false': false } : { ':true': true }),
          }),
        },
      },
      ...(counted ? compensatingUpdates(table, { response: b, negatedDelta, reason: 'withdrawn', at }) : []),
    ],
  };
}

export class WithdrawalRepository implements WithdrawalStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  private async get<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
    const out = await withDbErrors(() =>
      this.client.send(new GetItemCommand({ TableName: this.table, Key: toItem(key), ConsistentRead: true })),
    );
    return out.Item ? fromItem<T>(out.Item) : undefined;
  }

  async ballotForReceipt(receipt: string): Promise<WithdrawableBallot | undefined> {
    const link = await this.get<{ responseId: string }>(responseKeys.receipt(receipt));
    return link && this.get<WithdrawableBallot>(responseKeys.response(link.responseId));
  }

  withdraw(b: WithdrawableBallot, at: string, negatedDelta?: AggregateDelta): Promise<boolean> {
    return transactUnlessChanged(this.client, buildWithdrawInput(this.table, b, at, negatedDelta), 0);
  }
}
