/** Console writes to the organisation tree, each in one transaction with its audit entry. */
import type { DynamoDBClient, QueryCommandInput, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { AuditEntry } from '../domain/audit';
import { ConflictError } from '../domain/errors';
import type { OrgNode } from '../domain/org';
import type { QrTokenRecord } from '../services/ports';
import { buildAuditPut } from './audit-repository';
import { buildPutNodeInput, buildSubtreeQuery } from './directory-repository';
import { fromItem, toItem } from './item';
import { directoryKeys } from './keys/directory';
import { queryAll } from './paginate';
import { transactOrFail } from './transact';

export const buildChildrenQuery = (table: string, parentId: string): QueryCommandInput => ({
  TableName: table,
  IndexName: 'gsi1',
  KeyConditionExpression: 'gsi1pk = :pk',
  ExpressionAttributeValues: toItem({ ':pk': directoryKeys.children(parentId) }),
});

export const buildTokensOfServicePointQuery = (table: string, servicePointId: string): QueryCommandInput => ({
  TableName: table,
  IndexName: 'gsi1',
  KeyConditionExpression: 'gsi1pk = :pk',
  ExpressionAttributeValues: toItem({ ':pk': directoryKeys.tokensOf(servicePointId) }),
});

/** Replaces a node item whole, on condition that it still exists; the child index moves with it. */
function replaceNode(table: string, node: OrgNode): TransactWriteItem {
  const put = buildPutNodeInput(table, node);
  return { Put: { ...put, ConditionExpression: 'attribute_exists(pk)' } };
}

export class OrgRepository {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tables: { directory: string; audit: string },
  ) {}

  async children(parentId: string): Promise<OrgNode[]> {
    return this.queryAll<OrgNode>(buildChildrenQuery(this.tables.directory, parentId));
  }

  /**
   * Every node below the node at `rootPath` (not including it), in path order: one paged Query of
   * the tree index, however deep or wide the subtree.
   */
  async descendants(rootPath: string): Promise<OrgNode[]> {
    return this.queryAll<OrgNode>(buildSubtreeQuery(this.tables.directory, rootPath));
  }

  async tokensOf(servicePointId: string): Promise<QrTokenRecord[]> {
    return this.queryAll<QrTokenRecord>(
      buildTokensOfServicePointQuery(this.tables.directory, servicePointId),
    );
  }

  /** Creates a node; 409 when the id is taken. */
  async create(node: OrgNode, audit: AuditEntry): Promise<void> {
    const put = buildPutNodeInput(this.tables.directory, node);
    await transactOrFail(
      this.client,
      [{ Put: put }, buildAuditPut(this.tables.audit, audit)],
      () => new ConflictError('NODE_EXISTS', '该编码已存在', 'A node with this id already exists'),
    );
  }

  /**
   * Writes changed nodes (a rename, a deactivation, or a move with its whole subtree) and
   * changed QR token records together with the audit entry: all or nothing. DynamoDB allows
   * 100 items per transaction, which bounds a single move; larger moves are refused.
   */
  async update(
    nodes: readonly OrgNode[],
    tokens: readonly QrTokenRecord[],
    audit: AuditEntry,
  ): Promise<void> {
    if (nodes.length + tokens.length + 1 > 100) {
      throw new ConflictError(
        'SUBTREE_TOO_LARGE',
        '一次调整的下级节点过多，请分批调整',
        'Too many descendants to move at once; move smaller parts',
      );
    }
    const items: TransactWriteItem[] = [
      ...nodes.map((n) => replaceNode(this.tables.directory, n)),
      ...tokens.map((t) => ({
        Update: {
          TableName: this.tables.directory,
          Key: toItem(directoryKeys.qrToken(t.tokenId)),
          UpdateExpression: 'SET unitId = :u',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: toItem({ ':u': t.unitId }),
        },
      })),
      buildAuditPut(this.tables.audit, audit),
    ];
    await transactOrFail(
      this.client,
      items,
      () =>
        new ConflictError(
          'CHANGED_MEANWHILE',
          '数据已被他人修改，请刷新后重试',
          'Changed meanwhile; reload and retry',
        ),
    );
  }

  private async queryAll<T>(input: QueryCommandInput): Promise<T[]> {
    return (await queryAll(this.client, input)).map((item) => fromItem<T>(item));
  }
}
