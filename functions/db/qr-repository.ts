/** Console writes to QR tokens: issue, revoke, rotate; each in one transaction with its audit entry. */
import type { DynamoDBClient, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { AuditEntry } from '../domain/audit';
import { ConflictError } from '../domain/errors';
import type { QrTokenRecord } from '../services/ports';
import { buildAuditPut } from './audit-repository';
import { buildPutQrTokenInput } from './directory-repository';
import { toItem } from './item';
import { directoryKeys } from './keys/directory';
import { transactOrFail } from './transact';

/** The new token is only written while its service point still exists and is active. */
export const buildServicePointActiveCheck = (table: string, servicePointId: string): TransactWriteItem => ({
  ConditionCheck: {
    TableName: table,
    Key: toItem(directoryKeys.node(servicePointId)),
    ConditionExpression: 'active = :true',
    ExpressionAttributeValues: toItem({ ':true': true }),
  },
});

/**
 * Revokes a token only if it is still active (so a revocation is recorded once); a rotation also
 * records the token that replaces it.
 */
export const buildRevokeUpdate = (
  table: string,
  tokenId: string,
  revokedAt: string,
  replacedBy?: string,
): TransactWriteItem => ({
  Update: {
    TableName: table,
    Key: toItem(directoryKeys.qrToken(tokenId)),
    UpdateExpression: `SET #status = :revoked, revokedAt = :at${replacedBy ? ', replacedBy = :next' : ''}`,
    ConditionExpression: '#status = :active',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: toItem({
      ':revoked': 'revoked',
      ':active': 'active',
      ':at': revokedAt,
      ...(replacedBy ? { ':next': replacedBy } : {}),
    }),
  },
});

/** Issuing: the service point check, the new token, the audit entry. */
export function buildIssueItems(
  tables: { directory: string; audit: string },
  t: QrTokenRecord,
  audit: AuditEntry,
) {
  return [
    buildServicePointActiveCheck(tables.directory, t.servicePointId),
    { Put: buildPutQrTokenInput(tables.directory, t) },
    buildAuditPut(tables.audit, audit),
  ];
}

/** Rotating: the old token revoked and the new one issued together, or neither. */
export function buildRotateItems(
  tables: { directory: string; audit: string },
  oldTokenId: string,
  next: QrTokenRecord,
  audit: AuditEntry,
) {
  return [
    buildRevokeUpdate(tables.directory, oldTokenId, next.createdAt, next.tokenId),
    buildServicePointActiveCheck(tables.directory, next.servicePointId),
    { Put: buildPutQrTokenInput(tables.directory, next) },
    buildAuditPut(tables.audit, audit),
  ];
}

const notActive = () =>
  new ConflictError(
    'TOKEN_NOT_ACTIVE',
    '二维码已停用，或服务窗口已停用',
    'The QR code is no longer active, or its service point was deactivated',
  );

export class QrRepository {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tables: { directory: string; audit: string },
  ) {}

  /** Stores a new token; 409 if its service point was deactivated meanwhile. */
  async issue(token: QrTokenRecord, audit: AuditEntry): Promise<void> {
    await this.transact(buildIssueItems(this.tables, token, audit));
  }

  /** Revokes an active token; 409 TOKEN_NOT_ACTIVE if it already was. */
  async revoke(tokenId: string, revokedAt: string, audit: AuditEntry): Promise<void> {
    await this.transact([
      buildRevokeUpdate(this.tables.directory, tokenId, revokedAt),
      buildAuditPut(this.tables.audit, audit),
    ]);
  }

  /** Revokes `oldTokenId` and issues `next` atomically. */
  async rotate(oldTokenId: string, next: QrTokenRecord, audit: AuditEntry): Promise<void> {
    await this.transact(buildRotateItems(this.tables, oldTokenId, next, audit));
  }

  private transact(items: TransactWriteItem[]): Promise<void> {
    return transactOrFail(this.client, items, notActive);
  }
}
