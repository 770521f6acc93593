/**
 * Device ids are random ids the form keeps in local storage. They are pseudonymous but still
 * personal data under PIPL, so only a keyed hash is stored or compared, never the id itself, and the
 * key never leaves the server: a leaked table cannot be joined with ids read from phones.
 */
import { createHmac } from 'node:crypto';

/** The derived key for device hashes, separate from the QR signing key it comes from. */
export const deviceHashKey = (rootKey: Buffer): Buffer =>
  createHmac('sha256', rootKey).update('kmpj:integrity:device:v1').digest();

/** Keyed hash of a device id, 128 bits in base64url. */
export const deviceHash = (key: Buffer, deviceId: string): string =>
  createHmac('sha256', key).update(deviceId).digest().subarray(0, 16).toString('base64url');

/** Keys derived from the QR signing key, one per purpose, so no key serves two protocols. */
export function integrityKeysFrom(rootKey: Buffer): {
  rotatingKey: Buffer;
  deviceKey: Buffer;
  altchaKey: string;
  openKey: Buffer;
} {
  const derive = (purpose: string) =>
    createHmac('sha256', rootKey).update(`kmpj:integrity:${purpose}:v1`).digest();
  return {
    rotatingKey: derive('rotating'),
    deviceKey: deviceHashKey(rootKey),
    altchaKey: derive('altcha').toString('hex'),
    openKey: derive('open-time'),
  };
}
