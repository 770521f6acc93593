/** Use case: a citizen withdraws their own ballot with its receipt (撤回评价). */
import { type AggregateDelta, aggregateDelta } from '../../domain/aggregate';
import { isCounted, negateDelta } from '../../domain/cases/exclusion';
import { ConflictError, NotFoundError, ServiceUnavailableError } from '../../domain/errors';
import { mayWithdraw, WITHDRAW_WINDOW_MINUTES, withdrawableUntil } from '../../domain/withdrawal';
import type { ResponseForExclusion } from '../cases/ports';
import type { Clock, QuestionnaireReader } from '../ports';

/** A stored ballot as the withdrawal reads it. */
export interface WithdrawableBallot extends ResponseForExclusion {
  submittedAt: string;
  withdrawnAt?: string;
}

export interface WithdrawalStore {
  /** The ballot behind a receipt, read consistently. */
  ballotForReceipt(receipt: string): Promise<WithdrawableBallot | undefined>;
  /**
   * Marks the ballot withdrawn at `at`. With `negatedDelta` (the ballot is counted) it is also
   * excluded and its contribution subtracted from its aggregate shards, on condition that it is
   * still counted; without, on condition that it is still not counted. False when the ballot
   * changed meanwhile (nothing written).
   */
  withdraw(b: WithdrawableBallot, at: string, negatedDelta?: AggregateDelta): Promise<boolean>;
}

export interface WithdrawDeps {
  store: WithdrawalStore;
  questionnaires: Pick<QuestionnaireReader, 'getVersion'>;
  clock: Clock;
}

export interface WithdrawOutcome {
  receipt: string;
  withdrawn: true;
  withdrawnAt: string;
}

const tooLate = () =>
  new ConflictError(
    'WITHDRAW_WINDOW_PASSED',
    `评价提交已超过 ${WITHDRAW_WINDOW_MINUTES} 分钟，不能再撤回`,
    `A ballot can be withdrawn only within ${WITHDRAW_WINDOW_MINUTES} minutes of sending it`,
  );

/**
 * 1. Resolves the receipt (404 for an unknown one).
 * 2. Already withdrawn: answers the same again (a retry).
 * 3. Past WITHDRAW_WINDOW_MINUTES after sending: 409.
 * 4. Counted: excluded, and its contribution subtracted, in one conditional transaction; not
 *    counted (quarantined, or excluded by an appeal or the integrity checks): only marked, so it
 *    can never be released or counted later. The answer is the same either way: a withdrawal
 *    never tells whether a ballot had counted.
 * 5. Retried when the ballot changed between read and write (a release, an appeal).
 */
export async function withdrawBallot(deps: WithdrawDeps, receipt: string): Promise<WithdrawOutcome> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const b = await deps.store.ballotForReceipt(receipt);
    if (!b) throw new NotFoundError('该回执', 'Receipt');
    if (b.withdrawnAt) return { receipt, withdrawn: true, withdrawnAt: b.withdrawnAt };
    const now = deps.clock.now();
    if (!mayWithdraw(b.submittedAt, now)) throw tooLate();
    let negated: AggregateDelta | undefined;
    if (isCounted(b)) {
      const version = await deps.questionnaires.getVersion(b.questionnaireId, b.version);
      if (!version) throw new NotFoundError('问卷版本', 'Questionnaire version');
      negated = negateDelta(aggregateDelta(version.content, b.answers));
    }
    const at = now.toISOString();
    if (await deps.store.withdraw(b, at, negated)) return { receipt, withdrawn: true, withdrawnAt: at };
  }
  throw new ServiceUnavailableError(1);
}

/** What the tracking page shows of a withdrawal: withdrawn when, or withdrawable until when. */
export function withdrawalStatus(
  b: Pick<WithdrawableBallot, 'submittedAt' | 'withdrawnAt'>,
  now: Date,
): { withdrawnAt?: string; withdrawableUntil?: string } {
  if (b.withdrawnAt) return { withdrawnAt: b.withdrawnAt };
  return mayWithdraw(b.submittedAt, now)
    ? { withdrawableUntil: withdrawableUntil(b.submittedAt).toISOString() }
    : {};
}
