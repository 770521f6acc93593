/**
 * 一事一评: a ballot for one transaction (办件) of a business system. The one-time token is derived
 * from the transaction, so the same 办件编号 always yields the same ballot without the token being
 * stored (only its hash is, like every one-time token), and no other party can compute it.
 */
import { createHash, createHmac } from 'node:crypto';

/** The transaction a ballot belongs to, as recorded on the ballot and on the response. */
export interface TransactionRef {
  /** 办件编号, as the business system numbers it. */
  transactionNo: string;
  /** 事项 name, as the business system calls it. */
  matter: string;
  /** A short stable key of the matter name, used in aggregate keys. */
  matterKey: string;
}

/** The derived key for transaction ballots, separate from the QR signing key it comes from. */
export const transactionBallotKey = (rootKey: Buffer): Buffer =>
  createHmac('sha256', rootKey).update('kmpj:integrity:transaction:v1').digest();

/**
 * The one-time token of a transaction of one unit: `T` + 16 bytes of HMAC in base64url, the
 * same shape as a random one-time token.
 */
export const transactionBallotToken = (key: Buffer, unitId: string, transactionNo: string): string =>
  `T${createHmac('sha256', key).update(`txn1|${unitId}|${transactionNo}`).digest().subarray(0, 16).toString('base64url')}`;

/** A matter name as compared: Unicode NFC, inner runs of white space collapsed, trimmed. */
export const normalizeMatter = (matter: string): string =>
  matter.normalize('NFC').replace(/\s+/g, ' ').trim();

/** A short key of a (normalized) matter name: 72 bits of SHA-256 in base64url. */
export const matterKeyOf = (matter: string): string =>
  createHash('sha256').update(normalizeMatter(matter)).digest().subarray(0, 9).toString('base64url');

/** Builds the reference a ballot and its response carry. */
export const transactionRef = (transactionNo: string, matter: string): TransactionRef => ({
  transactionNo,
  matter: normalizeMatter(matter),
  matterKey: matterKeyOf(matter),
});
