import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { cancellationReasons, conditionFailed } from '../../../functions/db/cancellation';
import { isTransactionConflict } from '../../../functions/db/conflict-retry';
import { isTransient } from '../../../functions/db/errors';

const cancelled = (...codes: (string | undefined)[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => (Code === undefined ? {} : { Code })),
  });

describe('cancellation reasons', () => {
  it('reads one reason per item in request order', () => {
    expect(cancellationReasons(cancelled('None', 'ConditionalCheckFailed', undefined))).toEqual([
      'None',
      'ConditionalCheckFailed',
      undefined,
    ]);
  });

  it('has none for an error that is not a cancellation', () => {
    const e = new ConditionalCheckFailedException({ message: 'no', $metadata: {} });
    expect(cancellationReasons(e)).toBeUndefined();
    expect(cancellationReasons(new Error('x'))).toBeUndefined();
    expect(cancellationReasons(undefined)).toBeUndefined();
    expect(conditionFailed(e)).toBe(false);
  });

  it('tells which item failed its condition, or whether any did', () => {
    const e = cancelled('None', 'None', 'ConditionalCheckFailed');
    expect(conditionFailed(e)).toBe(true);
    expect(conditionFailed(e, 2)).toBe(true);
    expect(conditionFailed(e, 0)).toBe(false);
    expect(conditionFailed(e, 7)).toBe(false);
    expect(conditionFailed(cancelled('None', 'TransactionConflict'))).toBe(false);
  });

  it('is what the conflict retry and the 503 mapping read', () => {
    expect(isTransactionConflict(cancelled('None', 'TransactionConflict'))).toBe(true);
    expect(isTransactionConflict(cancelled('ConditionalCheckFailed', 'TransactionConflict'))).toBe(false);
    expect(isTransient(cancelled('ThrottlingError', 'None'))).toBe(true);
    expect(isTransient(cancelled('ConditionalCheckFailed', 'None'))).toBe(false);
  });
});
