/** Use case: a citizen tracks their feedback with the receipt. No personal data leaves here. */
import {
  CASE_STATUS_LABELS,
  type CaseStatus,
  caseIdForResponse,
  RESOLUTION_LABELS,
  type ResolutionCategory,
} from '../../domain/cases/model';
import { NotFoundError } from '../../domain/errors';
import type { Clock } from '../ports';
import { type WithdrawalStore, withdrawalStatus } from '../responses/withdraw-ballot';
import type { CaseStore } from './ports';

export interface ReceiptStatus {
  receipt: string;
  /** False when the feedback needed no follow-up (no case was opened). */
  followUp: boolean;
  /** When the citizen withdrew the ballot (it does not count; a case opened for it goes on). */
  withdrawnAt?: string;
  /** Until when the citizen may still withdraw it (absent once withdrawn or too late). */
  withdrawableUntil?: string;
  case?: {
    status: CaseStatus;
    statusLabel: { 'zh-CN': string; en: string };
    openedAt: string;
    acknowledged: boolean;
    resolvedAt?: string;
    resolution?: { 'zh-CN': string; en: string };
    closed: boolean;
  };
}

/**
 * 1. Resolves the receipt to its response (404 for an unknown receipt).
 * 2. Reads the case derived from it, if any.
 * 3. Returns the status only: no unit staff names, notes, contact or answers; whether the ballot
 *    was withdrawn or may still be, never whether it counted.
 */
export async function trackReceipt(
  cases: Pick<CaseStore, 'get'>,
  ballots: { store: Pick<WithdrawalStore, 'ballotForReceipt'>; clock: Clock },
  receipt: string,
) {
  const ballot = await ballots.store.ballotForReceipt(receipt);
  if (!ballot) throw new NotFoundError('该回执', 'Receipt');
  const c = await cases.get(caseIdForResponse(ballot.responseId));
  const out: ReceiptStatus = {
    receipt,
    followUp: c !== undefined,
    ...withdrawalStatus(ballot, ballots.clock.now()),
  };
  if (c) {
    out.case = {
      status: c.status,
      statusLabel: CASE_STATUS_LABELS[c.status],
      openedAt: c.openedAt,
      acknowledged: c.acknowledgedAt !== undefined,
      resolvedAt: c.resolvedAt,
      resolution: c.resolution ? RESOLUTION_LABELS[c.resolution.category as ResolutionCategory] : undefined,
      closed: c.status === 'closed',
    };
  }
  return out;
}
