/**
 * Why DynamoDB cancelled a transaction. A `TransactionCanceledException` carries one reason per
 * item, in the order the items were sent (`None` for an item that was fine); repositories read
 * the reasons of their own items through these helpers and nothing else.
 */

/**
 * The reason codes of a cancelled transaction, one per item in request order (`undefined` where
 * DynamoDB gave none); `undefined` for any error that is not a cancellation.
 */
export function cancellationReasons(err: unknown): (string | undefined)[] | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return Array.isArray(reasons) ? reasons.map((r) => r?.Code) : undefined;
}

/** True when the item at `index` failed its condition; without an index, when any item did. */
export function conditionFailed(err: unknown, index?: number): boolean {
  const reasons = cancellationReasons(err);
  if (!reasons) return false;
  if (index === undefined) return reasons.includes('ConditionalCheckFailed');
  return reasons[index] === 'ConditionalCheckFailed';
}
