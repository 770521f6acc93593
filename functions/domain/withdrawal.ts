/**
 * A citizen's withdrawal of their own ballot (撤回评价): for a wrong tap or a ballot sent in error,
 * with the receipt only the sender holds, within a short time of sending. It takes the ballot out
 * of the scores if it was counted; a case opened for it stays (a reported problem is still a
 * problem), so a withdrawal can never erase a complaint. The time limit keeps a unit that has the
 * callback number from pressing a citizen into withdrawing days later.
 */

/** Minutes after sending within which a ballot may be withdrawn. */
export const WITHDRAW_WINDOW_MINUTES = 30;

/** The instant after which the ballot sent at `submittedAt` can no longer be withdrawn. */
export const withdrawableUntil = (submittedAt: string): Date =>
  new Date(Date.parse(submittedAt) + WITHDRAW_WINDOW_MINUTES * 60_000);

/** Whether a ballot sent at `submittedAt` may still be withdrawn at `now`. */
export const mayWithdraw = (submittedAt: string, now: Date): boolean =>
  now.getTime() <= withdrawableUntil(submittedAt).getTime();

/** How the exclusion of a withdrawn, counted ballot is recorded (`excludedFromScores`). */
export const citizenExclusion = (at: string) => ({ by: 'citizen', reason: 'withdrawn', at });
