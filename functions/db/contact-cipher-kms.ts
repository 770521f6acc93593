/**
 * Contact cipher in AWS: KMS `Encrypt` and `Decrypt` under the contact key, with the contact
 * context as the KMS encryption context. A phone number is far below KMS's 4 KB plaintext limit,
 * so no data key is needed; KMS itself refuses a ciphertext presented with another context, and
 * CloudTrail logs every decrypt with its context (which case, which purpose).
 */
import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  type ContactCipher,
  type ContactContext,
  ContactUnreadableError,
} from '../services/contact/cipher-port';

export const KMS_PREFIX = 'k2.';

export class KmsContactCipher implements ContactCipher {
  constructor(
    private readonly keyArn: string,
    private readonly kms: KMSClient = new KMSClient({}),
  ) {}

  async encrypt(plaintext: string, context: ContactContext): Promise<string> {
    const out = await this.kms.send(
      new EncryptCommand({
        KeyId: this.keyArn,
        Plaintext: Buffer.from(plaintext, 'utf8'),
        EncryptionContext: { ...context },
      }),
    );
    if (!out.CiphertextBlob) throw new Error('KMS returned no ciphertext');
    return KMS_PREFIX + Buffer.from(out.CiphertextBlob).toString('base64url');
  }

  async decrypt(ciphertext: string, context: ContactContext): Promise<string> {
    if (!ciphertext.startsWith(KMS_PREFIX)) throw new ContactUnreadableError();
    let plaintext: Uint8Array | undefined;
    try {
      ({ Plaintext: plaintext } = await this.kms.send(
        new DecryptCommand({
          // Naming the key keeps KMS from decrypting under any other key the role may use.
          KeyId: this.keyArn,
          CiphertextBlob: Buffer.from(ciphertext.slice(KMS_PREFIX.length), 'base64url'),
          EncryptionContext: { ...context },
        }),
      ));
    } catch (err) {
      // A wrong context, a damaged blob or another key: KMS answers InvalidCiphertextException.
      if ((err as Error).name === 'InvalidCiphertextException') throw new ContactUnreadableError(err);
      throw err;
    }
    if (!plaintext) throw new ContactUnreadableError();
    return Buffer.from(plaintext).toString('utf8');
  }
}
