/**
 * Ballot tokens bind a ballot to a transaction, beside the static QR token in the same URL:
 * - rotating: `R` + base64url(issuedAt u32 ‖ nonce 4 bytes) + base64url(HMAC 12 bytes), 28 chars. The
 *   window display shows a fresh one every N seconds; the signature binds it to the static token, so a
 *   code photographed at one window is worthless at another, and its age is checked on the server clock.
 * - one-time: `T` + 16 random bytes, 23 chars, issued by the queue system; only its hash is stored.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const ROTATING_BODY_CHARS = 11; // base64url of 8 bytes
const ROTATING_SIG_CHARS = 16; // base64url of 12 bytes

export type BallotKind = 'static' | 'rotating' | 'oneTime';

const rotatingSig = (key: Buffer, staticTokenId: string, body: string): Buffer =>
  createHmac('sha256', key).update(`rot1|${staticTokenId}|${body}`).digest().subarray(0, 12);

/** Signs a rotating ballot for the static token `staticTokenId`, issued at `now`. */
export function signRotatingBallot(
  key: Buffer,
  staticTokenId: string,
  now: Date,
  nonce = randomBytes(4),
): string {
  const raw = Buffer.alloc(8);
  raw.writeUInt32BE(Math.floor(now.getTime() / 1000), 0);
  nonce.copy(raw, 4, 0, 4);
  const body = raw.toString('base64url');
  return `R${body}${rotatingSig(key, staticTokenId, body).toString('base64url')}`;
}

/** A verified rotating ballot: its id (for the per-token limit) and when it was issued. */
export interface RotatingBallot {
  id: string;
  issuedAt: Date;
}

/** Verifies a rotating ballot's signature; the caller checks its age against the settings. */
export function verifyRotatingBallot(
  key: Buffer,
  staticTokenId: string,
  ballot: string,
): RotatingBallot | undefined {
  if (!ballot.startsWith('R') || ballot.length !== 1 + ROTATING_BODY_CHARS + ROTATING_SIG_CHARS)
    return undefined;
  const body = ballot.slice(1, 1 + ROTATING_BODY_CHARS);
  const given = Buffer.from(ballot.slice(1 + ROTATING_BODY_CHARS), 'base64url');
  const expected = rotatingSig(key, staticTokenId, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return { id: body, issuedAt: new Date(Buffer.from(body, 'base64url').readUInt32BE(0) * 1000) };
}

/**
 * The two deadlines of a rotating ballot. It can be *opened* for two renewal periods (the display
 * shows the next code after one period, so a scan at the last moment still has a full period), and
 * *submitted* for `fillMinutes` after that.
 */
export function rotatingDeadlines(issuedAt: Date, periodSeconds: number, fillMinutes: number) {
  const openUntil = new Date(issuedAt.getTime() + 2 * periodSeconds * 1000);
  return { openUntil, submitUntil: new Date(openUntil.getTime() + fillMinutes * 60_000) };
}

/** A fresh one-time token. */
export const newOneTimeToken = (): string => `T${randomBytes(16).toString('base64url')}`;

export const isOneTimeToken = (ballot: string): boolean => /^T[A-Za-z0-9_-]{22}$/.test(ballot);

/** What is stored for a one-time token or an integration or display secret: never the secret itself. */
export const secretHash = (secret: string): string =>
  createHash('sha256').update(secret).digest('base64url').slice(0, 32);

/** A new secret for an integration (`ik_…`) or a window display (`ds_…`). */
export const newSecret = (prefix: 'ik' | 'ds'): string =>
  `${prefix}_${randomBytes(24).toString('base64url')}`;
