/**
 * The KMS contact cipher, loaded on first use: most submissions carry no phone number, so a
 * cold start should not pay for initialising the KMS client.
 */
import type { ContactCipher } from '../services/contact/cipher-port';

export function lazyKmsContactCipher(keyArn: string): ContactCipher {
  let loaded: Promise<ContactCipher> | undefined;
  const cipher = () => {
    loaded ??= import('./contact-cipher-kms').then((m) => new m.KmsContactCipher(keyArn));
    return loaded;
  };
  return {
    encrypt: async (plaintext, context) => (await cipher()).encrypt(plaintext, context),
    decrypt: async (ciphertext, context) => (await cipher()).decrypt(ciphertext, context),
  };
}
