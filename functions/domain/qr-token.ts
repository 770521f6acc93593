/**
 * QR tokens: `{tokenId}{signature}` in base64url, 27 characters, short enough for a
 * low-density QR code. The signature is an HMAC over the token id and what the token binds
 * (service point and questionnaire), so a tampered token fails before any lookup can match
 * and a stored token record cannot be re-pointed without the key.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const ID_BYTES = 8;
const SIG_BYTES = 12;
const ID_CHARS = 11; // base64url length of 8 bytes
const SIG_CHARS = 16; // base64url length of 12 bytes
export const QR_TOKEN_LENGTH = ID_CHARS + SIG_CHARS;

/** What a token binds together. */
export interface QrBinding {
  tokenId: string;
  servicePointId: string;
  questionnaireId: string;
  /** A visit's own code also binds the visit, so a stored record cannot be re-pointed to another. */
  visitId?: string;
}

// Codes without a visit keep the original message, so every code printed before stays valid.
const signature = (key: Buffer, b: QrBinding): Buffer =>
  createHmac('sha256', key)
    .update(
      `qr1|${b.tokenId}|${b.servicePointId}|${b.questionnaireId}${b.visitId === undefined ? '' : `|visit|${b.visitId}`}`,
    )
    .digest()
    .subarray(0, SIG_BYTES);

/** A fresh random token id. */
export const newTokenId = (): string => randomBytes(ID_BYTES).toString('base64url');

/** A token id derived from a seed string, so that seeding twice yields the same demo tokens. */
export const deterministicTokenId = (key: Buffer, seed: string): string =>
  createHmac('sha256', key).update(`qr-seed|${seed}`).digest().subarray(0, ID_BYTES).toString('base64url');

/** Signs a binding into the token printed in the QR code. */
export const signQrToken = (key: Buffer, b: QrBinding): string =>
  b.tokenId + signature(key, b).toString('base64url');

/** Splits a token into id and signature, or returns undefined when it cannot be one of ours. */
export function parseQrToken(token: string): { tokenId: string; sig: string } | undefined {
  if (token.length !== QR_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  return { tokenId: token.slice(0, ID_CHARS), sig: token.slice(ID_CHARS) };
}

/** Constant-time check that `sig` signs `b`. */
export function verifyQrSignature(key: Buffer, b: QrBinding, sig: string): boolean {
  const expected = signature(key, b);
  const given = Buffer.from(sig, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Where the citizen form is served; CloudFront rewrites `/f/` to `/f/index.html` where it can. */
export const DEFAULT_FORM_PATH = '/f/';

/**
 * The URL printed in the QR code. `formPath` is `/f/index.html` where the CDN cannot rewrite
 * directory URLs (CloudFront in the AWS China regions has no viewer-request functions).
 */
export const formUrl = (publicBaseUrl: string, token: string, formPath = DEFAULT_FORM_PATH): string =>
  `${publicBaseUrl.replace(/\/+$/, '')}${formPath}?t=${token}`;
