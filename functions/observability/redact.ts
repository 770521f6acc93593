/**
 * Masks personal data before it reaches a log line. Logs leave the database's access controls
 * (CloudWatch readers, exports, support tickets), so a citizen's phone number must never be in them.
 */

/**
 * A mainland mobile number: `1[3-9]` plus nine digits, optionally prefixed by +86 / 0086 / 86 and
 * written with spaces or dashes (138 1234 5678). Digit boundaries keep longer numbers such as epoch
 * milliseconds or unit codes intact; over-masking an id that merely looks like a phone is accepted.
 */
const MOBILE = /(?<!\d)(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)/g;

/** What a masked number becomes: no digit survives, not even the last four. */
export const MASKED_PHONE = '[phone]';

/** Replaces every mobile number in `text` with {@link MASKED_PHONE}. */
export function maskPhoneNumbers(text: string): string {
  return text.replace(MOBILE, MASKED_PHONE);
}

/**
 * Deep copy of `value` with every string masked (object keys included, since a map keyed by phone
 * number is as revealing as a value). Cycles are cut rather than followed.
 */
export function redact<T>(value: T, seen: WeakSet<object> = new WeakSet()): T {
  if (typeof value === 'string') return maskPhoneNumbers(value) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[circular]' as T;
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, seen)) as T;
  if (value instanceof Date) return value;
  if (value instanceof Error) {
    return {
      name: value.name,
      message: maskPhoneNumbers(value.message),
      stack: redact(value.stack, seen),
    } as T;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[maskPhoneNumbers(k)] = redact(v, seen);
  return out as T;
}
