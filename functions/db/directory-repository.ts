/** Directory table: organisation nodes and QR tokens. */
import {
  type DynamoDBClient,
  GetItemCommand,
  type GetItemCommandInput,
  PutItemCommand,
  type PutItemCommandInput,
  type QueryCommandInput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { OrgKind, OrgNode } from '../domain/org';
import type { DirectoryReader, QrTokenRecord } from '../services/ports';
import { type BatchGetOptions, batchGetAll } from './batch-get';
import { withDbErrors } from './errors';
import { fromItem, isConditionalCheckFailed, toItem } from './item';
import { directoryKeys } from './keys/directory';
import { queryAll, scanAll } from './paginate';

export const buildGetQrTokenInput = (table: string, tokenId: string): GetItemCommandInput => ({
  TableName: table,
  Key: toItem(directoryKeys.qrToken(tokenId)),
});

/** A put that only creates: used by seeding (idempotent) and by issuing tokens. */
export const buildPutNodeInput = (table: string, node: OrgNode): PutItemCommandInput => ({
  TableName: table,
  Item: toItem({
    ...directoryKeys.node(node.id),
    ...(node.parentId ? directoryKeys.childOf(node.parentId, node.kind, node.id) : {}),
    ...directoryKeys.inTree(node.path),
    entity: 'OrgNode',
    ...node,
  }),
  ConditionExpression: 'attribute_not_exists(pk)',
});

export const buildPutQrTokenInput = (table: string, t: QrTokenRecord): PutItemCommandInput => ({
  TableName: table,
  Item: toItem({
    ...directoryKeys.qrToken(t.tokenId),
    ...directoryKeys.qrTokenOf(t.servicePointId, t.createdAt, t.tokenId),
    entity: 'QrToken',
    ...t,
  }),
  ConditionExpression: 'attribute_not_exists(pk)',
});

/** The nodes strictly below the node at `rootPath`, from the tree index (gsi2). */
export const buildSubtreeQuery = (table: string, rootPath: string): QueryCommandInput => ({
  TableName: table,
  IndexName: 'gsi2',
  KeyConditionExpression: 'gsi2pk = :tree AND begins_with(gsi2sk, :below)',
  ExpressionAttributeValues: toItem({ ':tree': directoryKeys.tree, ':below': directoryKeys.below(rootPath) }),
});

// ---- Listing nodes by kind (the monitor job). ----

/**
 * Every org node of one kind: one paged Query of the tree index (gsi2), filtered by kind. It needs
 * no root id and reads the org nodes only, never the QR tokens or anything else in the table.
 */
export const buildNodesOfKindQuery = (table: string, kind: OrgKind): QueryCommandInput => ({
  TableName: table,
  IndexName: 'gsi2',
  KeyConditionExpression: 'gsi2pk = :tree',
  FilterExpression: '#kind = :kind',
  ExpressionAttributeNames: { '#kind': 'kind' },
  ExpressionAttributeValues: toItem({ ':tree': directoryKeys.tree, ':kind': kind }),
});

// ---- End of the monitor block. ----

export class DirectoryRepository implements DirectoryReader {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
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

  /** Creates a node; returns false when it already exists. */
  async putNodeIfAbsent(node: OrgNode): Promise<boolean> {
    return this.putIfAbsent(buildPutNodeInput(this.table, node));
  }

  /** Stores a token; returns false when it already exists. */
  async putQrTokenIfAbsent(record: QrTokenRecord): Promise<boolean> {
    return this.putIfAbsent(buildPutQrTokenInput(this.table, record));
  }

  // ---- The monitor job. ----

  /** Every node of `kind`, following scan pages. */
  async listNodesOfKind(kind: OrgKind): Promise<OrgNode[]> {
    return (await queryAll(this.client, buildNodesOfKindQuery(this.table, kind))).map((item) =>
      fromItem<OrgNode>(item),
    );
  }

  // ---- End of the monitor block. ----

  /** The nodes strictly below the node at `rootPath`: one paged Query of the tree index. */
  async descendants(rootPath: string): Promise<OrgNode[]> {
    return (await queryAll(this.client, buildSubtreeQuery(this.table, rootPath))).map((item) =>
      fromItem<OrgNode>(item),
    );
  }

  /**
   * Gives org nodes stored before the tree index existed its key attributes (a local data folder
   * from an earlier version; on AWS, `npx tsx scripts/backfill-tree-index.ts` does the same).
   * @returns the number of nodes updated
   */
  async backfillTreeIndex(): Promise<number> {
    const stale = await scanAll(this.client, {
      TableName: this.table,
      FilterExpression: '#entity = :node AND attribute_not_exists(gsi2pk)',
      ExpressionAttributeNames: { '#entity': 'entity' },
      ExpressionAttributeValues: toItem({ ':node': 'OrgNode' }),
    });
    for (const item of stale) {
      const node = fromItem<OrgNode>(item);
      const keys = directoryKeys.inTree(node.path);
      await withDbErrors(() =>
        this.client.send(
          new UpdateItemCommand({
            TableName: this.table,
            Key: toItem(directoryKeys.node(node.id)),
            UpdateExpression: 'SET gsi2pk = :p, gsi2sk = :s',
            ConditionExpression: 'attribute_exists(pk) AND #path = :path',
            ExpressionAttributeNames: { '#path': 'path' },
            ExpressionAttributeValues: toItem({ ':p': keys.gsi2pk, ':s': keys.gsi2sk, ':path': node.path }),
          }),
        ),
      );
    }
    return stale.length;
  }

  private async putIfAbsent(input: PutItemCommandInput): Promise<boolean> {
    try {
      await withDbErrors(() => this.client.send(new PutItemCommand(input)));
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }
}
