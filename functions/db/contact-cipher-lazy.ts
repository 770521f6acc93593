/**
 * The KMS contact cipher, loaded on first use: most submissions carry no phone number, so a
 * cold start should not pay for initialising the KMS client.
 */
import type { ContactCipher } from '../services/contact/cipher-port';
import { loadedValue } from '../services/loaded-once';

export function lazyKmsContactCipher(keyArn: string): ContactCipher {
  const cipher = loadedValue(async () => new (await import('./contact-cipher-kms')).KmsContactCipher(keyArn));
  return {
    encrypt: async (plaintext, context) => (await cipher()).encrypt(plaintext, context),
    decrypt: async (ciphertext, context) => (await cipher()).decrypt(ciphertext, context),
  };
}
