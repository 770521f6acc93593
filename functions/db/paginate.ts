/**
 * Reading every page of a Query or Scan, through the SDK's own paginators (`paginateQuery`,
 * `paginateScan`): no repository writes an `ExclusiveStartKey` loop of its own. A transient
 * failure on any page becomes a 503 for the caller, as a single call would (see withDbErrors).
 */
import {
  type DynamoDBClient,
  paginateQuery,
  paginateScan,
  type QueryCommandInput,
  type QueryCommandOutput,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import { dbError } from './errors';
import type { Item } from './item';

/**
 * The pages of a Query, one request each, stopping after the page without `LastEvaluatedKey`.
 * The caller may stop early (break); `pageSize` sets `Limit` when the input has none.
 */
export async function* queryPages(
  client: DynamoDBClient,
  input: QueryCommandInput,
  pageSize?: number,
): AsyncGenerator<QueryCommandOutput> {
  try {
    // The paginator writes the start key into the input it is given: give it a copy.
    yield* paginateQuery({ client, pageSize }, { ...input });
  } catch (err) {
    throw dbError(err);
  }
}

/** Every item a Query returns, across all its pages. */
export async function queryAll(client: DynamoDBClient, input: QueryCommandInput): Promise<Item[]> {
  const out: Item[] = [];
  for await (const page of queryPages(client, input)) out.push(...(page.Items ?? []));
  return out;
}

/** Every item a Scan returns, across all its pages. */
export async function scanAll(client: DynamoDBClient, input: ScanCommandInput): Promise<Item[]> {
  const out: Item[] = [];
  try {
    for await (const page of paginateScan({ client }, { ...input })) out.push(...(page.Items ?? []));
  } catch (err) {
    throw dbError(err);
  }
  return out;
}
