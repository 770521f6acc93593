/**
 * The KMS contact cipher, loaded on first use. The AWS Encryption SDK is large; most submissions
 * carry no phone number, so a cold start should not pay for evaluating it (the bundle still
 * contains it: esbuild keeps a dynamically imported module inline but initialises it lazily).
 */
import type { ContactCipher } from '../services/contact/cipher-port';

export function lazyKmsContactCipher(keyArn: string): ContactCipher {
  let loaded: Promise<ContactCipher> | undefined;
  const cipher = () => {
    loaded ??= import('./contact-cipher-kms').then((m) => m.KmsContactCipher.forKey(keyArn));
    return loaded;
  };
  return {
    encrypt: async (plaintext, context) => (await cipher()).encrypt(plaintext, context),
    decrypt: async (ciphertext, context) => (await cipher()).decrypt(ciphertext, context),
  };
}
