import { describe, expect, it } from 'vitest';
import { MASKED_PHONE, maskPhoneNumbers, redact } from '../../../functions/observability/redact';

describe('maskPhoneNumbers', () => {
  it.each([
    ['回访电话 13812345678', `回访电话 ${MASKED_PHONE}`],
    ['+8613812345678', MASKED_PHONE],
    ['0086 139-1234-5678', MASKED_PHONE],
    ['call 199 1234 5678 now', `call ${MASKED_PHONE} now`],
    ['a13812345678b', `a${MASKED_PHONE}b`],
  ])('masks the mobile number in %j', (input, expected) => {
    expect(maskPhoneNumbers(input)).toBe(expected);
  });

  it.each([
    ['epoch milliseconds', '1712345678901'],
    ['a county unit code', '130102001'],
    ['a number starting 12', '12812345678'],
    ['a landline', '0311-87654321'],
  ])('leaves %s alone', (_what, input) => {
    expect(maskPhoneNumbers(input)).toBe(input);
  });
});

describe('redact', () => {
  it('masks numbers in nested values, keys, arrays and errors without touching other types', () => {
    const error = new Error('lookup failed for 13912345678');
    const out = redact({
      contact: { phone: '13912345678', tags: ['ok', '15012345678'] },
      '18612345678': true,
      count: 3,
      error,
    }) as Record<string, unknown>;
    expect(JSON.stringify(out)).not.toMatch(/1[3-9]\d{9}/);
    expect(out.count).toBe(3);
    expect((out.error as { message: string }).message).toBe(`lookup failed for ${MASKED_PHONE}`);
  });

  it('cuts cycles instead of recursing forever', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(redact(a)).toEqual({ name: 'a', self: '[circular]' });
  });
});
