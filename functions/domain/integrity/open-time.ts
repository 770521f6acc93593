/**
 * The form-open time, issued by the server: the form's GET answers with `opened`, a signed stamp of
 * when it was served for this QR token, and the submission sends it back. The speed signals
 * (`tooFast`, `fasterThanMedian`) and the completion-time histogram use only this time, never a
 * time the client states.
 *
 * Shape: `O` + base64url(openedAt u32 seconds, 6 chars) + base64url(HMAC 12 bytes, 16 chars), 23
 * chars. The signature binds the stamp to the QR token id, so one served for another form or
 * window does not verify here.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const BODY_CHARS = 6; // base64url of 4 bytes
const SIG_CHARS = 16; // base64url of 12 bytes

/** A stamp older than this tells nothing about the pace of answering: the speed is unknown. */
export const OPEN_TIME_MAX_AGE_SECONDS = 86_400;

const sig = (key: Buffer, tokenId: string, body: string): Buffer =>
  createHmac('sha256', key).update(`open1|${tokenId}|${body}`).digest().subarray(0, 12);

/** Signs the time the form of QR token `tokenId` was served. */
export function signOpenTime(key: Buffer, tokenId: string, at: Date): string {
  const raw = Buffer.alloc(4);
  raw.writeUInt32BE(Math.floor(at.getTime() / 1000), 0);
  const body = raw.toString('base64url');
  return `O${body}${sig(key, tokenId, body).toString('base64url')}`;
}

/** The signed open time, or `undefined` when the stamp is malformed, forged or another token's. */
export function verifyOpenTime(key: Buffer, tokenId: string, stamp: string): Date | undefined {
  if (!stamp.startsWith('O') || stamp.length !== 1 + BODY_CHARS + SIG_CHARS) return undefined;
  const body = stamp.slice(1, 1 + BODY_CHARS);
  const given = Buffer.from(stamp.slice(1 + BODY_CHARS), 'base64url');
  const expected = sig(key, tokenId, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return new Date(Buffer.from(body, 'base64url').readUInt32BE(0) * 1000);
}

/**
 * Seconds from the signed open time to `now`, or `undefined` (speed unknown) when there is no
 * stamp or it is older than {@link OPEN_TIME_MAX_AGE_SECONDS}, e.g. a ballot a phone kept offline
 * for days, or one sent by a page cached before stamps were issued.
 */
export function secondsSinceOpen(openedAt: Date | undefined, now: Date): number | undefined {
  if (!openedAt) return undefined;
  const seconds = (now.getTime() - openedAt.getTime()) / 1000;
  return seconds > OPEN_TIME_MAX_AGE_SECONDS ? undefined : seconds;
}
