/** Turns the token from a QR URL into the record it stands for, or the error a citizen should see. */
import { TokenInvalidError, TokenRevokedError } from '../domain/errors';
import { parseQrToken, verifyQrSignature } from '../domain/qr-token';
import type { QrTokenRecord } from './ports';

/**
 * 1. Rejects strings that cannot be a token.
 * 2. Loads the token record; an unknown id is invalid.
 * 3. Verifies the HMAC against the stored binding; a mismatch is invalid (tampered).
 * 4. Rejects revoked tokens.
 */
export async function resolveToken(
  token: string,
  key: Buffer,
  load: (tokenId: string) => Promise<QrTokenRecord | undefined>,
): Promise<QrTokenRecord> {
  const parsed = parseQrToken(token);
  if (!parsed) throw new TokenInvalidError();
  const record = await load(parsed.tokenId);
  if (!record || !verifyQrSignature(key, record, parsed.sig)) throw new TokenInvalidError();
  if (record.status !== 'active') throw new TokenRevokedError();
  return record;
}
