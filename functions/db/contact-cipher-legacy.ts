/**
 * Reading contacts written before the direct KMS cipher: a `k1.` ciphertext (AWS Encryption SDK)
 * goes to the SDK reader, loaded on the first such ciphertext; everything else, and every
 * encryption, goes to `cipher`. Only the functions that decrypt contacts (console, case stream)
 * use this; the public function only encrypts and never contains the SDK.
 */
import type { ContactCipher } from '../services/contact/cipher-port';

type Reader = Pick<ContactCipher, 'decrypt'>;

export function withEsdkReader(
  cipher: ContactCipher,
  keyArn: string,
  load: () => Promise<Reader> = () =>
    import('./contact-cipher-esdk').then((m) => m.EsdkContactReader.forKey(keyArn)),
): ContactCipher {
  let reader: Promise<Reader> | undefined;
  return {
    encrypt: (plaintext, context) => cipher.encrypt(plaintext, context),
    decrypt: async (ciphertext, context) => {
      if (!ciphertext.startsWith('k1.')) return cipher.decrypt(ciphertext, context);
      reader ??= load();
      return (await reader).decrypt(ciphertext, context);
    },
  };
}
