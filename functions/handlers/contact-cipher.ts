/** The contact cipher of each environment, for the functions that encrypt phones. */
import { hkdfSync } from 'node:crypto';
import { LocalContactCipher } from '../db/contact-cipher';
import { lazyKmsContactCipher } from '../db/contact-cipher-lazy';
import type { ContactCipher } from '../services/contact/cipher-port';

/**
 * The contact cipher when none is injected: KMS when `CONTACT_KEY_ARN` is set; none in Lambda
 * without it (phones are then not stored: never a weaker key in AWS); a key derived from the
 * local secret otherwise (tests). `npm start` injects the key-file cipher of the data folder.
 */
export function defaultContactCipher(localSecret: Buffer, env = process.env): ContactCipher | undefined {
  if (env.CONTACT_KEY_ARN) return lazyKmsContactCipher(env.CONTACT_KEY_ARN);
  if (env.AWS_LAMBDA_FUNCTION_NAME) return undefined;
  return new LocalContactCipher(
    Buffer.from(hkdfSync('sha256', localSecret, 'kmpj', 'contact-cipher-v1', 32)),
  );
}
