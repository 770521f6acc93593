/**
 * Console writes to window-display secrets and integration keys: create, list, revoke, each
 * write in one transaction with its audit entry. The items are those `IntegrityRepository` reads on
 * the public side (keyed by the secret's hash); this adds the gsi1 keys that list them per node.
 */
import {
  type DynamoDBClient,
  GetItemCommand,
  type QueryCommandInput,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import type { AuditEntry } from '../domain/audit';
import { ConflictError } from '../domain/errors';
import type {
  IntegrationSecretStore,
  ManagedDisplayRecord,
  ManagedIntegrationKeyRecord,
} from '../services/integrity/manage-ports';
import type { DisplayRecord, IntegrationKeyRecord } from '../services/integrity/ports';
import { buildAuditPut } from './audit-repository';
import { withDbErrors } from './errors';
import { fromItem, toItem } from './item';
import { directoryKeys } from './keys/directory';
import { integrationSecretKeys } from './keys/integration-secrets';
import { integrityDirectoryKeys } from './keys/integrity';
import { queryAll } from './paginate';
import { transactOrFail } from './transact';

type Tables = { directory: string; audit: string };

/** A node (unit or service point) must still be active when a secret is issued for it. */
const buildNodeActiveCheck = (table: string, nodeId: string): TransactWriteItem => ({
  ConditionCheck: {
    TableName: table,
    Key: toItem(directoryKeys.node(nodeId)),
    ConditionExpression: 'active = :true',
    ExpressionAttributeValues: toItem({ ':true': true }),
  },
});

/** The display's QR token must still be active: a display bound to a revoked code would show nothing. */
const buildTokenActiveCheck = (table: string, tokenId: string): TransactWriteItem => ({
  ConditionCheck: {
    TableName: table,
    Key: toItem(directoryKeys.qrToken(tokenId)),
    ConditionExpression: '#status = :active',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: toItem({ ':active': 'active' }),
  },
});

/** Creating a display: the service point and token checks, the display item, the audit entry. */
export function buildCreateDisplayItems(
  tables: Tables,
  r: ManagedDisplayRecord,
  audit: AuditEntry,
): TransactWriteItem[] {
  return [
    buildNodeActiveCheck(tables.directory, r.servicePointId),
    buildTokenActiveCheck(tables.directory, r.tokenId),
    {
      Put: {
        TableName: tables.directory,
        Item: toItem({
          ...integrityDirectoryKeys.displaySecret(r.secretHash),
          ...integrationSecretKeys.displayOf(r.servicePointId, r.createdAt, r.secretHash),
          entity: 'Display',
          ...r,
        }),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    buildAuditPut(tables.audit, audit),
  ];
}

/** Creating an integration key: the scope node check, the key item, the audit entry. */
export function buildCreateIntegrationKeyItems(
  tables: Tables,
  r: ManagedIntegrationKeyRecord,
  audit: AuditEntry,
): TransactWriteItem[] {
  return [
    buildNodeActiveCheck(tables.directory, r.scopeNodeId),
    {
      Put: {
        TableName: tables.directory,
        Item: toItem({
          ...integrityDirectoryKeys.integrationKey(r.secretHash),
          ...integrationSecretKeys.keyOf(r.scopeNodeId, r.createdAt, r.secretHash),
          entity: 'IntegrationKey',
          ...r,
        }),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    buildAuditPut(tables.audit, audit),
  ];
}

/** Revoking: the status flips only from active (so a revocation is recorded once), with the audit entry. */
export function buildRevokeSecretItems(
  tables: Tables,
  key: { pk: string; sk: string },
  revokedAt: string,
  audit: AuditEntry,
): TransactWriteItem[] {
  return [
    {
      Update: {
        TableName: tables.directory,
        Key: toItem(key),
        UpdateExpression: 'SET #status = :revoked, revokedAt = :at',
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: toItem({ ':revoked': 'revoked', ':active': 'active', ':at': revokedAt }),
      },
    },
    buildAuditPut(tables.audit, audit),
  ];
}

/**
 * Rotating: the successor's creation items (node and token checks, the new item, the audit entry)
 * and the old secret's retirement, only while it is active and not rotated before (so a rotation
 * is made once, and a revoked secret is never brought back).
 */
export function buildRotateSecretItems(
  tables: Tables,
  oldKey: { pk: string; sk: string },
  successorItems: TransactWriteItem[],
  successorHash: string,
  retiresAt: string,
): TransactWriteItem[] {
  return [
    {
      Update: {
        TableName: tables.directory,
        Key: toItem(oldKey),
        UpdateExpression: 'SET retiresAt = :retires, rotatedTo = :successor',
        ConditionExpression: '#status = :active AND attribute_not_exists(rotatedTo)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: toItem({
          ':active': 'active',
          ':retires': retiresAt,
          ':successor': successorHash,
        }),
      },
    },
    ...successorItems,
  ];
}

/** One gsi1 partition (the displays of a service point or the keys of a node), oldest first. */
export const buildListQuery = (table: string, partition: string): QueryCommandInput => ({
  TableName: table,
  IndexName: 'gsi1',
  KeyConditionExpression: 'gsi1pk = :pk',
  ExpressionAttributeValues: toItem({ ':pk': partition }),
});

const conflict = {
  inactive: () =>
    new ConflictError(
      'NOT_ACTIVE',
      '服务窗口、单位或其二维码已停用',
      'The service point, unit or its QR code is no longer active',
    ),
  displayRevoked: () =>
    new ConflictError('DISPLAY_NOT_ACTIVE', '该显示屏密钥已停用', 'This display secret is already revoked'),
  keyRevoked: () =>
    new ConflictError('KEY_NOT_ACTIVE', '该接入密钥已停用', 'This integration key is already revoked'),
  notRotatable: () =>
    new ConflictError(
      'SECRET_NOT_ROTATABLE',
      '该密钥已停用或已轮换过，或其窗口、单位、二维码已停用',
      'The secret is revoked or was rotated already, or its service point, unit or QR code is no longer active',
    ),
};

export class IntegrationSecretRepository implements Omit<IntegrationSecretStore, 'getNodes' | 'tokensOf'> {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tables: Tables,
  ) {}

  /** Strongly consistent: a revocation just made is seen by the next console action. */
  async getDisplay(secretHash: string): Promise<ManagedDisplayRecord | undefined> {
    return this.get<ManagedDisplayRecord>(integrityDirectoryKeys.displaySecret(secretHash));
  }

  async getIntegrationKey(secretHash: string): Promise<ManagedIntegrationKeyRecord | undefined> {
    return this.get<ManagedIntegrationKeyRecord>(integrityDirectoryKeys.integrationKey(secretHash));
  }

  /** Stores a display; 409 if its service point or QR token stopped being active meanwhile. */
  async createDisplay(r: ManagedDisplayRecord, audit: AuditEntry): Promise<void> {
    await this.transact(buildCreateDisplayItems(this.tables, r, audit), conflict.inactive);
  }

  async listDisplays(servicePointId: string): Promise<ManagedDisplayRecord[]> {
    return this.list(integrationSecretKeys.displaysOf(servicePointId));
  }

  /** Revokes an active display; 409 DISPLAY_NOT_ACTIVE if it already was. */
  async revokeDisplay(secretHash: string, revokedAt: string, audit: AuditEntry): Promise<void> {
    const key = integrityDirectoryKeys.displaySecret(secretHash);
    await this.transact(buildRevokeSecretItems(this.tables, key, revokedAt, audit), conflict.displayRevoked);
  }

  /** Stores a key; 409 if its scope node stopped being active meanwhile. */
  async createIntegrationKey(r: ManagedIntegrationKeyRecord, audit: AuditEntry): Promise<void> {
    await this.transact(buildCreateIntegrationKeyItems(this.tables, r, audit), conflict.inactive);
  }

  async listIntegrationKeys(scopeNodeId: string): Promise<ManagedIntegrationKeyRecord[]> {
    return this.list(integrationSecretKeys.keysOf(scopeNodeId));
  }

  /** Revokes an active key; 409 KEY_NOT_ACTIVE if it already was. */
  async revokeIntegrationKey(secretHash: string, revokedAt: string, audit: AuditEntry): Promise<void> {
    const key = integrityDirectoryKeys.integrationKey(secretHash);
    await this.transact(buildRevokeSecretItems(this.tables, key, revokedAt, audit), conflict.keyRevoked);
  }

  /** Stores the successor display and retires `oldHash` at `retiresAt`; 409 SECRET_NOT_ROTATABLE otherwise. */
  async rotateDisplay(
    oldHash: string,
    r: ManagedDisplayRecord,
    retiresAt: string,
    audit: AuditEntry,
  ): Promise<void> {
    const items = buildRotateSecretItems(
      this.tables,
      integrityDirectoryKeys.displaySecret(oldHash),
      buildCreateDisplayItems(this.tables, r, audit),
      r.secretHash,
      retiresAt,
    );
    await this.transact(items, conflict.notRotatable);
  }

  /** Stores the successor key and retires `oldHash` at `retiresAt`; 409 SECRET_NOT_ROTATABLE otherwise. */
  async rotateIntegrationKey(
    oldHash: string,
    r: ManagedIntegrationKeyRecord,
    retiresAt: string,
    audit: AuditEntry,
  ): Promise<void> {
    const items = buildRotateSecretItems(
      this.tables,
      integrityDirectoryKeys.integrationKey(oldHash),
      buildCreateIntegrationKeyItems(this.tables, r, audit),
      r.secretHash,
      retiresAt,
    );
    await this.transact(items, conflict.notRotatable);
  }

  private async get<T extends DisplayRecord | IntegrationKeyRecord>(key: {
    pk: string;
    sk: string;
  }): Promise<T | undefined> {
    const out = await withDbErrors(() =>
      this.client.send(
        new GetItemCommand({ TableName: this.tables.directory, Key: toItem(key), ConsistentRead: true }),
      ),
    );
    return out?.Item ? fromItem<T>(out.Item) : undefined;
  }

  private async list<T>(partition: string): Promise<T[]> {
    return (await queryAll(this.client, buildListQuery(this.tables.directory, partition))).map((item) =>
      fromItem<T>(item),
    );
  }

  private transact(items: TransactWriteItem[], onConditionFailed: () => ConflictError): Promise<void> {
    return transactOrFail(this.client, items, onConditionFailed);
  }
}
