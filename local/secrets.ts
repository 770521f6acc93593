/** The local QR signing key: generated once and kept in the data folder (in AWS it is a Secrets Manager secret). */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Loads `<dataDir>/qr-key`, creating it (mode 0600) on first use; in-memory mode gets a fresh key. */
export function loadOrCreateQrKey(dataDir: string | null): Buffer {
  if (dataDir === null) return randomBytes(32);
  const file = join(dataDir, 'qr-key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  return key;
}
