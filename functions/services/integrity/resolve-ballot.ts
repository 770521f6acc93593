/** Which kind of ballot a submission is, and whether the questionnaire accepts it. */
import {
  type BallotKind,
  isOneTimeToken,
  rotatingDeadlines,
  secretHash,
  verifyRotatingBallot,
} from '../../domain/integrity/ballot-token';
import {
  BallotExpiredError,
  BallotInvalidError,
  BallotRequiredError,
  BallotUsedError,
} from '../../domain/integrity/errors';
import type { IntegritySettings } from '../../domain/integrity/settings';
import type { TransactionRef } from '../../domain/integrity/transaction-ballot';
import type { QrTokenRecord } from '../ports';
import type { IntegrityReader } from './ports';

/** A resolved ballot: its kind, its id for the per-token limit, and the one-time hash to burn. */
export interface ResolvedBallot {
  kind: BallotKind;
  key: string;
  oneTimeTokenHash?: string;
  /** The transaction (办件) a business system issued the ballot for. */
  transaction?: TransactionRef;
}

/** The moment that matters: opening the form (scan) or submitting it. */
export type BallotStage = 'open' | 'submit';

/**
 * 1. No ballot token, or one of a mode the questionnaire has switched off: a static ballot,
 *    accepted only when static ballots are on.
 * 2. A rotating code: signature bound to the static token; on opening it must be within two renewal
 *    periods of its issue, on submitting within the fill time after that (server clock).
 * 3. A one-time token: it must exist for this service point and, unless already used (a used token
 *    is left to the transaction, so an idempotent retry still gets its receipt), not be expired.
 *    A transaction's ballot (一事一评) is honoured even where the questionnaire has one-time
 *    ballots off: the business system issued it for that very transaction.
 */
export async function resolveBallot(
  settings: IntegritySettings,
  record: QrTokenRecord,
  ballot: string | undefined,
  now: Date,
  stage: BallotStage,
  deps: { rotatingKey: Buffer; reader: Pick<IntegrityReader, 'getOneTimeToken'> },
): Promise<ResolvedBallot> {
  const modes = settings.ballots;
  if (ballot?.startsWith('R') && modes.rotating) {
    const r = verifyRotatingBallot(deps.rotatingKey, record.tokenId, ballot);
    if (!r) throw new BallotInvalidError();
    const d = rotatingDeadlines(r.issuedAt, settings.rotatingSeconds, settings.rotatingFillMinutes);
    const deadline = stage === 'open' ? d.openUntil : d.submitUntil;
    // A code from the future (display clock far ahead, or a forgery) is as invalid as an old one.
    if (now > deadline || r.issuedAt.getTime() > now.getTime() + 60_000) throw new BallotExpiredError();
    return { kind: 'rotating', key: `R${r.id}` };
  }
  if (ballot && isOneTimeToken(ballot)) {
    const hash = secretHash(ballot);
    const ott = await deps.reader.getOneTimeToken(hash);
    if (modes.oneTime || ott?.transaction) {
      if (!ott || ott.servicePointId !== record.servicePointId) throw new BallotInvalidError();
      if (ott.state === 'used' && stage === 'open') throw new BallotUsedError();
      if (ott.state === 'issued' && ott.expiresAt <= Math.floor(now.getTime() / 1000))
        throw new BallotExpiredError();
      return { kind: 'oneTime', key: `T${hash}`, oneTimeTokenHash: hash, transaction: ott.transaction };
    }
  }
  if (!modes.static) throw new BallotRequiredError();
  return { kind: 'static', key: `S${record.tokenId}` };
}
