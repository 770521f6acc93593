import { randomBytes } from 'node:crypto';
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/client-node';
import { describe, expect, it } from 'vitest';
import { LocalContactCipher } from '../../../functions/db/contact-cipher';
import { KmsContactCipher } from '../../../functions/db/contact-cipher-kms';
import {
  ContactUnreadableError,
  caseContactContext,
  responseContactContext,
} from '../../../functions/services/contact/cipher-port';
import { sealContact } from '../../../functions/services/contact/seal-contact';

const CASE_A = 'r-11111111-1111-1111-1111-111111111111';
const CASE_B = 'r-22222222-2222-2222-2222-222222222222';

const rawKeyring = () =>
  new RawAesKeyringNode({
    keyName: 'contact',
    keyNamespace: 'kmpj-test',
    unencryptedMasterKey: new Uint8Array(randomBytes(32)),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });

describe.each([
  ['local key file (AES-256-GCM, context as AAD)', () => new LocalContactCipher(randomBytes(32))],
  ['AWS Encryption SDK (context compared on decrypt)', () => new KmsContactCipher(rawKeyring())],
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
