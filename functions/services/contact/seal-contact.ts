/** The write path of the optional phone number on a citizen's submission. */
import { maskPhone } from '../../domain/cases/mask';
import { type ContactCipher, responseContactContext } from './cipher-port';

/** What a submission stores about its contact: never the plaintext. */
export interface SealedContact {
  contactCipher?: string;
  contactMasked?: string;
  contactConsentVersion?: string;
}

/**
 * Encrypts the phone bound to the response id, when the citizen gave it with consent.
 * Without a cipher nothing is stored: a plaintext phone is never written.
 */
export async function sealContact(
  cipher: ContactCipher | undefined,
  responseId: string,
  contact: { phone: string; consentVersion: string } | undefined,
): Promise<SealedContact> {
  if (!contact || !cipher) return {};
  return {
    contactCipher: await cipher.encrypt(contact.phone, responseContactContext(responseId)),
    contactMasked: maskPhone(contact.phone),
    contactConsentVersion: contact.consentVersion,
  };
}
