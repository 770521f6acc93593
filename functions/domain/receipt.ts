/** Receipts: short codes a citizen can read out on the phone or type to track their feedback. */
import { createHash, randomBytes } from 'node:crypto';

// Crockford base32: no I, L, O or U, so a receipt survives being read aloud.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A random 12-character receipt formatted `XXXX-XXXX-XXXX` (60 bits). */
export function newReceipt(): string {
  const bytes = randomBytes(12);
  let out = '';
  for (let i = 0; i < 12; i++) {
    out += ALPHABET[bytes[i]! & 31];
    if (i === 3 || i === 7) out += '-';
  }
  return out;
}

/** Stable JSON: object keys sorted at every depth. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Hash that identifies a submission's content, so a retry can be told from a changed re-send. */
export const contentHash = (value: unknown): string =>
  createHash('sha256').update(canonical(value)).digest('hex');
