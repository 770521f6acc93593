/** Directory table: organisation nodes and QR tokens. */
import {
  PutItemCommand,
  type PutItemCommandInput,
  type QueryCommandInput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { OrgKind, OrgNode } from '../domain/org';
import type { QrTokenRecord } from '../services/ports';
import { DirectoryReadRepository } from './directory-read-repository';
import { withDbErrors } from './errors';
import { fromItem, isConditionalCheckFailed, toItem } from './item';
import { directoryKeys } from './keys/directory';
import { queryAll, scanAll } from './paginate';

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

/** The directory's reads and its writes (seeding, issuing tokens, the monitor and backfill jobs). */
export class DirectoryRepository extends DirectoryReadRepository {
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
