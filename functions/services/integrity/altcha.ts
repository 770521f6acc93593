/**
 * ALTCHA proof of work (v1 protocol of `altcha-lib`): the server issues a signed challenge bound
 * to the form's token and an expiry; the submission carries the solution; a replay is stopped by
 * the spend record written in the submission's own transaction (conditional put).
 */
import { createChallenge, verifySolution } from 'altcha-lib/v1';
import type { Challenge, Payload } from 'altcha-lib/v1/types';
import { ALTCHA_MAX_NUMBER, ALTCHA_TTL_SECONDS } from '../../domain/integrity/altcha-tuning';
import { AltchaFailedError } from '../../domain/integrity/errors';
import type { Clock } from '../ports';

/** Issues a challenge for the form behind `tokenId`. */
export function issueAltchaChallenge(hmacKey: string, tokenId: string, clock: Clock): Promise<Challenge> {
  return createChallenge({
    hmacKey,
    maxnumber: ALTCHA_MAX_NUMBER,
    expires: new Date(clock.now().getTime() + ALTCHA_TTL_SECONDS * 1000),
    params: { t: tokenId },
  });
}

/**
 * 1. Decodes the payload; 2. checks the signature and the solution (altcha-lib);
 * 3. checks it was issued for this token and has not expired (on the injected clock).
 * @returns the spend record to write in the submission's transaction.
 */
export async function verifyAltcha(
  hmacKey: string,
  tokenId: string,
  payloadB64: string | undefined,
  clock: Clock,
): Promise<{ challengeHash: string; expiresAt: number }> {
  if (!payloadB64) throw new AltchaFailedError();
  let payload: Payload;
  try {
    payload = JSON.parse(Buffer.from(payloadB64, 'base64').toString('utf8')) as Payload;
  } catch {
    throw new AltchaFailedError();
  }
  if (payload?.algorithm !== 'SHA-256' || typeof payload.salt !== 'string') throw new AltchaFailedError();
  const params = new URLSearchParams(payload.salt.split('?')[1] ?? '');
  const expires = Number(params.get('expires'));
  const nowSeconds = Math.floor(clock.now().getTime() / 1000);
  if (params.get('t') !== tokenId || !Number.isFinite(expires) || expires < nowSeconds)
    throw new AltchaFailedError();
  if (!(await verifySolution(payload, hmacKey, false))) throw new AltchaFailedError();
  return { challengeHash: payload.challenge.slice(0, 40), expiresAt: expires + 60 };
}
