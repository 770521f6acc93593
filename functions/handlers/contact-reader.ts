/** The contact cipher for the functions that also decrypt phones (console, case stream). */
import { withEsdkReader } from '../db/contact-cipher-legacy';
import type { ContactCipher } from '../services/contact/cipher-port';
import { defaultContactCipher } from './contact-cipher';

/**
 * {@link defaultContactCipher}, reading in AWS also the ciphertexts the AWS Encryption SDK wrote
 * before phones were encrypted with KMS directly (`k1.`; the SDK is loaded on the first one).
 */
export function readingContactCipher(localSecret: Buffer, env = process.env): ContactCipher | undefined {
  const cipher = defaultContactCipher(localSecret, env);
  return cipher && env.CONTACT_KEY_ARN ? withEsdkReader(cipher, env.CONTACT_KEY_ARN) : cipher;
}
