/**
 * Field encryption of a citizen's phone number. The encryption context binds a ciphertext
 * to one subject (a response, later a case) and one purpose, so a ciphertext copied to
 * another record does not decrypt.
 */
import { ConflictError } from '../../domain/errors';

export interface ContactContext {
  /** `response:{id}` while on the response, `case:{id}` once moved into its case. */
  subject: string;
  purpose: 'callback' | 'invitation';
}

export interface ContactCipher {
  encrypt(plaintext: string, context: ContactContext): Promise<string>;
  /** Throws `ContactUnreadableError` when the ciphertext is damaged or bound to another context. */
  decrypt(ciphertext: string, context: ContactContext): Promise<string>;
}

export const responseContactContext = (responseId: string): ContactContext => ({
  subject: `response:${responseId}`,
  purpose: 'callback',
});

export const caseContactContext = (caseId: string): ContactContext => ({
  subject: `case:${caseId}`,
  purpose: 'callback',
});

/** A number given by a business system for one SMS invitation, bound to its ballot. */
export const invitationContactContext = (tokenHash: string): ContactContext => ({
  subject: `invitation:${tokenHash}`,
  purpose: 'invitation',
});

export class ContactUnreadableError extends ConflictError {
  constructor(cause?: unknown) {
    super('CONTACT_UNREADABLE', '联系方式无法解密', 'The contact cannot be decrypted');
    if (cause) Object.defineProperty(this, 'cause', { value: cause });
  }
}
