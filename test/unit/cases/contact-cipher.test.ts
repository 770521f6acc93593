import { randomBytes } from 'node:crypto';
import {
  buildClient,
  CommitmentPolicy,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
} from '@aws-crypto/client-node';
import { describe, expect, it } from 'vitest';
import { LocalContactCipher } from '../../../functions/db/contact-cipher';
import { EsdkContactReader } from '../../../functions/db/contact-cipher-esdk';
import { KmsContactCipher } from '../../../functions/db/contact-cipher-kms';
import { withEsdkReader } from '../../../functions/db/contact-cipher-legacy';
import {
  type ContactContext,
  ContactUnreadableError,
  caseContactContext,
  responseContactContext,
} from '../../../functions/services/contact/cipher-port';
import { sealContact } from '../../../functions/services/contact/seal-contact';
import { FAKE_KEY_ARN, fakeKms } from '../../fixtures/fake-kms';

const CASE_A = 'r-11111111-1111-1111-1111-111111111111';
const CASE_B = 'r-22222222-2222-2222-2222-222222222222';

const rawKeyring = () =>
  new RawAesKeyringNode({
    keyName: 'contact',
    keyNamespace: 'kmpj-test',
    unencryptedMasterKey: new Uint8Array(randomBytes(32)),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });

/** A `k1.` ciphertext exactly as the Encryption SDK cipher wrote it before KMS was called directly. */
async function esdkCiphertext(keyring: RawAesKeyringNode, phone: string, ctx: ContactContext) {
  const { encrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  const { result } = await encrypt(keyring, phone, { encryptionContext: { ...ctx } });
  return `k1.${result.toString('base64url')}`;
}

describe.each([
  ['local key file (AES-256-GCM, context as AAD)', () => new LocalContactCipher(randomBytes(32))],
  [
    'KMS Encrypt/Decrypt, context as KMS encryption context',
    () => new KmsContactCipher(FAKE_KEY_ARN, fakeKms().client),
  ],
])('contact cipher: %s', (_name, make) => {
  it('decrypts a phone in the context it was encrypted in, and never stores it in clear', async () => {
    const cipher = make();
    const ct = await cipher.encrypt('13812345678', caseContactContext(CASE_A));
    expect(ct).not.toContain('13812345678');
    expect(await cipher.decrypt(ct, caseContactContext(CASE_A))).toBe('13812345678');
  });

  it('refuses a ciphertext moved to another case', async () => {
    const cipher = make();
    const ct = await cipher.encrypt('13812345678', caseContactContext(CASE_A));
    await expect(cipher.decrypt(ct, caseContactContext(CASE_B))).rejects.toBeInstanceOf(
      ContactUnreadableError,
    );
  });

  it('refuses a response ciphertext read as a case one, and a damaged ciphertext', async () => {
    const cipher = make();
    const ct = await cipher.encrypt('13812345678', responseContactContext('resp-1'));
    await expect(cipher.decrypt(ct, caseContactContext('resp-1'))).rejects.toBeInstanceOf(
      ContactUnreadableError,
    );
    const damaged = `${ct.slice(0, -6)}AAAAAA`;
    await expect(cipher.decrypt(damaged, responseContactContext('resp-1'))).rejects.toBeInstanceOf(
      ContactUnreadableError,
    );
  });
});

describe('KMS contact cipher', () => {
  it('sends the contact context as the KMS encryption context and names the key on decrypt', async () => {
    const kms = fakeKms();
    const cipher = new KmsContactCipher(FAKE_KEY_ARN, kms.client);
    const ct = await cipher.encrypt('13812345678', caseContactContext(CASE_A));
    expect(ct.startsWith('k2.')).toBe(true);
    // Another key id: KMS refuses (IncorrectKeyException is not a readable-contact answer).
    const other = new KmsContactCipher(`${FAKE_KEY_ARN}x`, kms.client);
    await expect(other.decrypt(ct, caseContactContext(CASE_A))).rejects.toMatchObject({
      name: 'IncorrectKeyException',
    });
    expect(kms.calls).toEqual(['Encrypt', 'Decrypt']);
  });
});

describe('contacts written by the AWS Encryption SDK (k1.)', () => {
  it('stay readable through the SDK reader, in their own context only, while new ones are k2', async () => {
    const keyring = rawKeyring();
    const old = await esdkCiphertext(keyring, '13912345678', caseContactContext(CASE_A));
    const kms = fakeKms();
    let loads = 0;
    const cipher = withEsdkReader(new KmsContactCipher(FAKE_KEY_ARN, kms.client), FAKE_KEY_ARN, async () => {
      loads++;
      return new EsdkContactReader(keyring);
    });
    expect(await cipher.decrypt(old, caseContactContext(CASE_A))).toBe('13912345678');
    await expect(cipher.decrypt(old, caseContactContext(CASE_B))).rejects.toBeInstanceOf(
      ContactUnreadableError,
    );
    const fresh = await cipher.encrypt('13912345678', caseContactContext(CASE_A));
    expect(fresh.startsWith('k2.')).toBe(true);
    expect(await cipher.decrypt(fresh, caseContactContext(CASE_A))).toBe('13912345678');
    // The SDK is loaded once, for the old ciphertexts only; KMS saw only the new one.
    expect(loads).toBe(1);
    expect(kms.calls).toEqual(['Encrypt', 'Decrypt']);
  });
});

describe('sealing the contact of a submission', () => {
  it('stores ciphertext, mask and consent version, and nothing without a cipher', async () => {
    const cipher = new LocalContactCipher(randomBytes(32));
    const sealed = await sealContact(cipher, 'resp-1', { phone: '13812345678', consentVersion: 'v1' });
    expect(sealed).toMatchObject({ contactMasked: '138****5678', contactConsentVersion: 'v1' });
    expect(JSON.stringify(sealed)).not.toContain('13812345678');
    expect(await sealContact(undefined, 'resp-1', { phone: '13812345678', consentVersion: 'v1' })).toEqual(
      {},
    );
  });
});
