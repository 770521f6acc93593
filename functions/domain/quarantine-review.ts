/**
 * The province's review of quarantined ballots. A ballot the integrity checks quarantined (on
 * arrival, or retroactively when a pattern showed later) waits in the province's queue; the unit
 * it rates sees no case for it. A province reviewer releases it (it is counted from then on and
 * its case opens) or rejects it (it stays out). Either decision is final.
 */
import type { CountingMarks } from './cases/exclusion';

export type QuarantineDecision = 'released' | 'rejected';

/** The decision recorded on the ballot. */
export interface QuarantineReview {
  status: QuarantineDecision;
  at: string;
  by: string;
  note: string;
}

export interface ReviewMarks extends CountingMarks {
  excludedFromScores?: { by?: string } | unknown;
  review?: QuarantineReview;
  /** Set when the citizen withdrew the ballot (domain/withdrawal.ts): it never counts then. */
  withdrawnAt?: string;
}

/**
 * Waiting for the province: quarantined by the integrity checks, not decided yet, and not taken
 * out for another reason (an upheld appeal, or the citizen's withdrawal, keeps it out whatever the
 * review would say).
 */
export function awaitsReview(r: ReviewMarks): boolean {
  if (r.integrity?.quarantined !== true || r.review || r.withdrawnAt) return false;
  const x = r.excludedFromScores as { by?: string } | undefined;
  return !x || x.by === 'integrity';
}
