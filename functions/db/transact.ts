/** Sending one transaction whose failed condition means a domain error. */
import {
  type DynamoDBClient,
  type TransactWriteItem,
  TransactWriteItemsCommand,
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
