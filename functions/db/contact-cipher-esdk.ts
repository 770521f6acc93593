/**
 * Reader of contact ciphertexts written with the AWS Encryption SDK (prefix `k1.`, envelope
 * encryption under the KMS contact key). New ciphertexts are `k2.` (contact-cipher-kms.ts); this
 * module only decrypts, and only the functions that read contacts load it, on the first `k1.`
 * ciphertext they meet (contact-cipher-legacy.ts). The SDK authenticates the encryption context
 * but does NOT check it against what the caller expects, so we compare it ourselves.
 */
import { buildClient, CommitmentPolicy, type KeyringNode, KmsKeyringNode } from '@aws-crypto/client-node';
import { type ContactContext, ContactUnreadableError } from '../services/contact/cipher-port';

const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
export const ESDK_PREFIX = 'k1.';

export class EsdkContactReader {
  /** `keyring` is a KMS keyring in AWS; tests pass a raw AES keyring. */
  constructor(private readonly keyring: KeyringNode) {}

  static forKey(keyArn: string): EsdkContactReader {
    return new EsdkContactReader(new KmsKeyringNode({ generatorKeyId: keyArn }));
  }

  async decrypt(ciphertext: string, context: ContactContext): Promise<string> {
    let out: Awaited<ReturnType<typeof decrypt>>;
    try {
      if (!ciphertext.startsWith(ESDK_PREFIX)) throw new Error('unknown format');
      out = await decrypt(this.keyring, Buffer.from(ciphertext.slice(ESDK_PREFIX.length), 'base64url'));
    } catch (err) {
      throw new ContactUnreadableError(err);
    }
    const actual = out.messageHeader.encryptionContext;
    for (const [k, v] of Object.entries(context)) {
      if (actual[k] !== v) throw new ContactUnreadableError();
    }
    return out.plaintext.toString('utf8');
  }
}
