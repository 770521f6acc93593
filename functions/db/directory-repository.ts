/** Directory table: organisation nodes and QR tokens. */
import {
  BatchGetItemCommand,
  type BatchGetItemCommandInput,
  type DynamoDBClient,
  GetItemCommand,
  type GetItemCommandInput,
  PutItemCommand,
  type PutItemCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { OrgKind, OrgNode } from '../domain/org';
import type { DirectoryReader, QrTokenRecord } from '../services/ports';
import { withDbErrors } from './errors';
import { fromItem, type Item, isConditionalCheckFailed, toItem } from './item';
import { directoryKeys } from './keys/directory';

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

export const buildGetNodesInput = (table: string, ids: readonly string[]): BatchGetItemCommandInput => ({
  RequestItems: { [table]: { Keys: [...new Set(ids)].map((id) => toItem(directoryKeys.node(id))) } },
});

// ---- Listing nodes by kind (the monitor job). ----

/**
 * Every org node of one kind. A filtered scan instead of a walk down the child index: it needs no
 * root id, and the directory (a province's nodes and tokens) is a few MB read once per hour.
 */
export const buildNodesOfKindScan = (table: string, kind: OrgKind): ScanCommandInput => ({
  TableName: table,
  FilterExpression: '#entity = :entity AND #kind = :kind',
  ExpressionAttributeNames: { '#entity': 'entity', '#kind': 'kind' },
  ExpressionAttributeValues: toItem({ ':entity': 'OrgNode', ':kind': kind }),
});

// ---- End of the monitor block. ----

export class DirectoryRepository implements DirectoryReader {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
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

  /** Reads nodes by id (any number, in batches of 100), following UnprocessedKeys. */
  async getNodes(ids: readonly string[]): Promise<Map<string, OrgNode>> {
    const unique = [...new Set(ids)];
    if (unique.length <= 100) return this.getNodeBatch(unique);
    // BatchGetItem takes at most 100 keys.
    const batches = await Promise.all(
      Array.from({ length: Math.ceil(unique.length / 100) }, (_, i) =>
        this.getNodeBatch(unique.slice(i * 100, i * 100 + 100)),
      ),
    );
    return new Map(batches.flatMap((m) => [...m]));
  }

  private async getNodeBatch(ids: readonly string[]): Promise<Map<string, OrgNode>> {
    const found = new Map<string, OrgNode>();
    if (ids.length === 0) return found;
    let request: BatchGetItemCommandInput['RequestItems'] = buildGetNodesInput(this.table, ids).RequestItems;
    for (let attempt = 0; request && Object.keys(request).length > 0 && attempt < 5; attempt++) {
      const out = await withDbErrors(() =>
        this.client.send(new BatchGetItemCommand({ RequestItems: request })),
      );
      for (const item of out.Responses?.[this.table] ?? []) {
        const node = fromItem<OrgNode>(item as Item);
        found.set(node.id, node);
      }
      request = out.UnprocessedKeys;
    }
    return found;
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
    const out: OrgNode[] = [];
    let input = buildNodesOfKindScan(this.table, kind);
    for (;;) {
      const page = await withDbErrors(() => this.client.send(new ScanCommand(input)));
      for (const item of page.Items ?? []) out.push(fromItem<OrgNode>(item as Item));
      if (!page.LastEvaluatedKey) return out;
      input = { ...input, ExclusiveStartKey: page.LastEvaluatedKey };
    }
  }

  // ---- End of the monitor block. ----

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
