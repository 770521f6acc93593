/** Use case 一事一评: a business system asks for the ballot of one finished transaction (办件). */

import { ConflictError } from '../../domain/errors';
import { transactionBallotToken, transactionRef } from '../../domain/integrity/transaction-ballot';
import { formUrl, signQrToken } from '../../domain/qr-token';
import type { Clock } from '../ports';
import { authorizedWindow, issuedRecord } from './issue-one-time-tokens';
import { type BallotIssuerStore, type BaseUrlSource, type OneTimeTokenRecord, resolveBaseUrl } from './ports';

/** How long a transaction's record outlives its ballot: a repeat within it gets the same ballot. */
export const TRANSACTION_RETENTION_DAYS = 400;

export interface TransactionBallotRequest {
  transactionNo: string;
  servicePointId: string;
  matter: string;
  ttlMinutes: number;
  /** The citizen's mobile number, given with consent to one SMS invitation. */
  mobile?: string;
}

/** What happens with the citizen's number once the ballot exists (SMS invitation). */
export type InvitationScheduler = (ballot: {
  record: OneTimeTokenRecord;
  url: string;
  mobile: string;
}) => Promise<void>;

export interface IssueTransactionBallotDeps {
  store: BallotIssuerStore;
  qrKey: Buffer;
  /** Derives the transaction's token (transactionBallotKey of the QR key). */
  transactionKey: Buffer;
  publicBaseUrl: BaseUrlSource;
  formPath?: string;
  clock: Clock;
  /** Absent: a number given is not used (no SMS provider configured). */
  invite?: InvitationScheduler;
}

export interface TransactionBallot {
  transactionNo: string;
  matter: string;
  servicePointId: string;
  ballot: string;
  url: string;
  expiresAt: string;
  /** The QR code of `url` for the evaluator display: a PNG data URL and an SVG document. */
  qr: { png: string; svg: string };
  /** False when the transaction already had this ballot (a repeated call). */
  created: boolean;
}

/**
 * 1. Authenticates the integration key and finds the window's active static QR token (in scope).
 * 2. Derives the transaction's one-time token from (unit, 办件编号): the same transaction always
 *    has the same token, and only its hash is stored.
 * 3. Stores the ballot unless the unit already has one for that 办件编号; a repeat (or a racing
 *    call) gets the stored ballot with its first expiry. A repeat naming another window or matter
 *    is refused (409), since the number already stands for another transaction.
 * 4. With a number, hands the ballot to the invitation scheduler (idempotent per ballot, so a
 *    repeat after a crash still schedules the one invitation).
 * 5. Returns the form URL with the token and its QR code as PNG and SVG.
 */
export async function issueTransactionBallot(
  deps: IssueTransactionBallotDeps,
  integrationKey: string | undefined,
  req: TransactionBallotRequest,
): Promise<TransactionBallot> {
  const { key, qr } = await authorizedWindow(
    deps.store,
    integrationKey,
    req.servicePointId,
    deps.clock.now(),
  );
  const transaction = transactionRef(req.transactionNo, req.matter);
  const ballot = transactionBallotToken(deps.transactionKey, qr.unitId, req.transactionNo);
  const now = deps.clock.now();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const { created, record } = await deps.store.putTransactionBallot(
    { ...issuedRecord(ballot, key, qr, now, nowSeconds + req.ttlMinutes * 60), transaction },
    nowSeconds + TRANSACTION_RETENTION_DAYS * 86_400,
  );
  if (
    !created &&
    (record.servicePointId !== qr.servicePointId || record.transaction?.matterKey !== transaction.matterKey)
  ) {
    throw new ConflictError(
      'TRANSACTION_MISMATCH',
      '该办件编号已用于其他窗口或事项的评价',
      'This transaction number was already issued for another service point or matter',
    );
  }
  const url = `${formUrl(await resolveBaseUrl(deps.publicBaseUrl), signQrToken(deps.qrKey, qr), deps.formPath)}&b=${ballot}`;
  if (req.mobile && deps.invite) await deps.invite({ record, url, mobile: req.mobile });
  // The QR encoder is loaded by the first transaction ballot, not by every cold start of the public API.
  const { qrPng, qrSvg } = await import('../qr/qr-image');
  const [png, svg] = await Promise.all([qrPng(url), qrSvg(url)]);
  return {
    transactionNo: transaction.transactionNo,
    matter: record.transaction?.matter ?? transaction.matter,
    servicePointId: record.servicePointId,
    ballot,
    url,
    expiresAt: new Date(record.expiresAt * 1000).toISOString(),
    qr: { png: `data:image/png;base64,${png.toString('base64')}`, svg },
    created,
  };
}
