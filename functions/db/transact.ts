/** Sending one transaction whose failed condition means a domain error, or a lost race. */
import {
  type DynamoDBClient,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import { conditionFailed } from './cancellation';
import { withDbErrors } from './errors';

/**
 * Sends one transaction (transient failures become 503, see withDbErrors). When any item failed
 * its condition, the error `onConditionFailed` returns is thrown instead of the SDK's.
 */
export async function transactOrFail(
  client: DynamoDBClient,
  items: TransactWriteItem[],
  onConditionFailed: () => Error,
): Promise<void> {
  try {
    await withDbErrors(() => client.send(new TransactWriteItemsCommand({ TransactItems: items })));
  } catch (err) {
    if (conditionFailed(err)) throw onConditionFailed();
    throw err;
  }
}

/**
 * Sends one transaction; false (nothing written) when the item at `index` failed its condition,
 * which for a caller means "it changed meanwhile: read it again".
 */
export async function transactUnlessChanged(
  client: DynamoDBClient,
  input: TransactWriteItemsCommandInput,
  index: number,
): Promise<boolean> {
  try {
    await withDbErrors(() => client.send(new TransactWriteItemsCommand(input)));
    return true;
  } catch (err) {
    if (conditionFailed(err, index)) return false;
    throw err;
  }
}
