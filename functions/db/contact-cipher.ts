/**
 * Local contact cipher: AES-256-GCM with a key file in the data folder; the encryption
 * context is the additional authenticated data, so a ciphertext only opens in its own context.
 * (In AWS, contact-cipher-kms.ts calls KMS Encrypt and Decrypt with the context instead.)
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ContactCipher,
  type ContactContext,
  ContactUnreadableError,
} from '../services/contact/cipher-port';

const PREFIX = 'l1.';

/** The AAD: the context with sorted keys, so the same context always gives the same bytes. */
export const contextBytes = (ctx: ContactContext): Buffer =>
  Buffer.from(JSON.stringify(Object.entries(ctx).sort(([a], [b]) => (a < b ? -1 : 1))), 'utf8');

export class LocalContactCipher implements ContactCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('contact key must be 32 bytes');
  }

  async encrypt(plaintext: string, context: ContactContext): Promise<string> {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    c.setAAD(contextBytes(context));
    const body = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
    return PREFIX + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url');
  }

  async decrypt(ciphertext: string, context: ContactContext): Promise<string> {
    try {
      if (!ciphertext.startsWith(PREFIX)) throw new Error('unknown format');
      const raw = Buffer.from(ciphertext.slice(PREFIX.length), 'base64url');
      const d = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      d.setAAD(contextBytes(context));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    } catch (err) {
      throw new ContactUnreadableError(err);
    }
  }
}

/** Loads `<dataDir>/contact-key` (mode 0600), creating it on first use; in-memory mode gets a fresh key. */
export function loadOrCreateContactKey(dataDir: string | null): Buffer {
  if (dataDir === null) return randomBytes(32);
  const file = join(dataDir, 'contact-key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  return key;
}
