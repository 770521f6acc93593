/** Directory table: the reads of a citizen's form and ballot. */
import { type DynamoDBClient, GetItemCommand, type GetItemCommandInput } from '@aws-sdk/client-dynamodb';
import type { OrgNode } from '../domain/org';
import type { DirectoryReader, QrTokenRecord } from '../services/ports';
import { type BatchGetOptions, batchGetAll } from './batch-get';
import { withDbErrors } from './errors';
import { fromItem, toItem } from './item';
import { directoryKeys } from './keys/directory';

export const buildGetQrTokenInput = (table: string, tokenId: string): GetItemCommandInput => ({
  TableName: table,
  Key: toItem(directoryKeys.qrToken(tokenId)),
});

/**
 * The directory reads of a citizen's form and ballot: a QR token, its status, org nodes by id.
 * DirectoryRepository adds the writes; the public API's cold start reads only this module.
 */
export class DirectoryReadRepository implements DirectoryReader {
  constructor(
    protected readonly client: DynamoDBClient,
    protected readonly table: string,
    /** Backoff of BatchGetItem's unprocessed keys (tests inject a clock). */
    private readonly batchGet: Pick<BatchGetOptions, 'policy' | 'clock'> = {},
  ) {}

  async getQrToken(tokenId: string): Promise<QrTokenRecord | undefined> {
    const out = await withDbErrors(() =>
      this.client.send(new GetItemCommand(buildGetQrTokenInput(this.table, tokenId))),
    );
    return out.Item ? fromItem<QrTokenRecord>(out.Item) : undefined;
  }

  /**
   * Only the status of one code, read fresh: a submission learns of a revocation at once while
   * the rest of the record comes from a cache, and its transaction need not touch the code's item.
   */
  async qrTokenStatus(tokenId: string): Promise<QrTokenRecord['status'] | undefined> {
    const out = await withDbErrors(() =>
      this.client.send(
        new GetItemCommand({
          ...buildGetQrTokenInput(this.table, tokenId),
          ProjectionExpression: '#status',
          ExpressionAttributeNames: { '#status': 'status' },
        }),
      ),
    );
    return out.Item ? fromItem<Pick<QrTokenRecord, 'status'>>(out.Item).status : undefined;
  }

  /** Reads nodes by id (any number; see batchGetAll: unprocessed keys are retried, never dropped). */
  async getNodes(ids: readonly string[]): Promise<Map<string, OrgNode>> {
    const keys = [...new Set(ids)].map((id) => toItem(directoryKeys.node(id)));
    const items = await batchGetAll(this.client, this.table, keys, this.batchGet);
    return new Map(items.map((item) => fromItem<OrgNode>(item)).map((node) => [node.id, node]));
  }
}
