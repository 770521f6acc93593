/** Use case: a citizen tracks their feedback with the receipt. No personal data leaves here. */
import {
  CASE_STATUS_LABELS,
  type CaseStatus,
  caseIdForResponse,
  RESOLUTION_LABELS,
  type ResolutionCategory,
} from '../../domain/cases/model';
import { NotFoundError } from '../../domain/errors';
import type { CaseStore } from './ports';

export interface ReceiptStatus {
  receipt: string;
  /** False when the feedback needed no follow-up (no case was opened). */
  followUp: boolean;
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
 * 3. Returns the status only: no unit staff names, notes, contact or answers.
 */
export async function trackReceipt(cases: Pick<CaseStore, 'responseIdForReceipt' | 'get'>, receipt: string) {
  const responseId = await cases.responseIdForReceipt(receipt);
  if (!responseId) throw new NotFoundError('该回执', 'Receipt');
  const c = await cases.get(caseIdForResponse(responseId));
  const out: ReceiptStatus = { receipt, followUp: c !== undefined };
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
