/**
 * Contact cipher in AWS: envelope encryption under a KMS key with the AWS Encryption SDK.
 * The SDK authenticates the encryption context but does NOT check it against what the caller
 * expects on decrypt, so we compare it ourselves: a ciphertext moved to another case fails.
 */
import { buildClient, CommitmentPolicy, type KeyringNode, KmsKeyringNode } from '@aws-crypto/client-node';
import {
  type ContactCipher,
  type ContactContext,
  ContactUnreadableError,
} from '../services/contact/cipher-port';

const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const PREFIX = 'k1.';

export class KmsContactCipher implements ContactCipher {
  /** `keyring` is a KMS keyring in AWS; tests pass a raw AES keyring to exercise the context check. */
  constructor(private readonly keyring: KeyringNode) {}

  static forKey(keyArn: string): KmsContactCipher {
    return new KmsContactCipher(new KmsKeyringNode({ generatorKeyId: keyArn }));
  }

  async encrypt(plaintext: string, context: ContactContext): Promise<string> {
    const { result } = await encrypt(this.keyring, plaintext, { encryptionContext: { ...context } });
    return PREFIX + result.toString('base64url');
  }

  async decrypt(ciphertext: string, context: ContactContext): Promise<string> {
    let out: Awaited<ReturnType<typeof decrypt>>;
    try {
      if (!ciphertext.startsWith(PREFIX)) throw new Error('unknown format');
      out = await decrypt(this.keyring, Buffer.from(ciphertext.slice(PREFIX.length), 'base64url'));
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
