/**
 * Transaction items of a visit's own QR code (走访评议): issuing it, and counting a
 * questionnaire that came back through it inside the submission's own transaction.
 */
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { AuditEntry } from '../domain/audit';
import type { VisitQr } from '../domain/cases/visit';
import type { QrTokenRecord } from '../services/ports';
import { buildAuditPut } from './audit-repository';
import { toItem } from './item';
import { caseKeys } from './keys/cases';
import { directoryKeys } from './keys/directory';
import { buildServicePointActiveCheck } from './qr-repository';

/**
 * One more questionnaire returned through the visit's code (and one more held back, for a
 * quarantined ballot). Part of the submission's transaction, whose idempotency record makes a
 * retried submission count once. No condition: a bookkeeping counter must never cost a ballot,
 * and visits are never deleted.
 */
export function buildVisitReturnUpdate(table: string, visitId: string, held: boolean): TransactWriteItem {
  return {
    Update: {
      TableName: table,
      Key: toItem(caseKeys.visit(visitId)),
      UpdateExpression: held
        ? 'ADD questionnairesReturned :one, questionnairesHeld :one'
        : 'ADD questionnairesReturned :one',
      ExpressionAttributeValues: toItem({ ':one': 1 }),
    },
  };
}

/**
 * Issuing a visit's code, all or nothing:
 * 0. the service point is still active;
 * 1. the token, in the Directory like every code but outside the service point's index, so that
 *    it is neither listed with the window's codes nor printed on the unit's A4 sheet;
 * 2. the visit records it, if its code is still the one the caller saw (`previousTokenId`);
 * 3. the audit entry.
 */
export function buildIssueVisitQrItems(
  tables: { directory: string; responses: string; audit: string },
  token: QrTokenRecord,
  qr: VisitQr,
  previousTokenId: string | undefined,
  audit: AuditEntry,
): TransactWriteItem[] {
  return [
    buildServicePointActiveCheck(tables.directory, token.servicePointId),
    {
      Put: {
        TableName: tables.directory,
        Item: toItem({ ...directoryKeys.qrToken(token.tokenId), entity: 'QrToken', ...token }),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        TableName: tables.responses,
        Key: toItem(caseKeys.visit(token.visitId!)),
        UpdateExpression: 'SET qr = :qr',
        ConditionExpression:
          previousTokenId === undefined
            ? 'attribute_exists(pk) AND attribute_not_exists(qr)'
            : 'attribute_exists(pk) AND qr.tokenId = :previous',
        ExpressionAttributeValues: toItem({
          ':qr': qr,
          ...(previousTokenId === undefined ? {} : { ':previous': previousTokenId }),
        }),
      },
    },
    buildAuditPut(tables.audit, audit),
  ];
}
