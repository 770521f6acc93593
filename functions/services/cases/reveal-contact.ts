/** Use case: the case's handler reveals the citizen's phone to call them back. */
import { ForbiddenError, type Principal } from '../../domain/access';
import { auditEntry } from '../../domain/audit';
import { NotFoundError } from '../../domain/errors';
import { caseContactContext } from '../contact/cipher-port';
import { type CaseDeps, loadCaseInScope } from './deps';
import { contactAlive } from './read-cases';

/**
 * 1. Loads the case in scope (case:write); only the handler who accepted it may go on (403).
 * 2. Finds a live contact (404 once closed + retention, even before TTL removes it).
 * 3. Writes the audit entry first: no reveal goes unrecorded.
 * 4. Decrypts with the case's own context: a ciphertext from another case fails.
 */
export async function revealContact(deps: CaseDeps, p: Principal, caseId: string) {
  const c = await loadCaseInScope(deps, p, 'case:write', caseId);
  if (c.handlerUserId !== p.userId) throw new ForbiddenError();
  const now = deps.clock.now();
  const contact = (await deps.cases.detail(caseId))?.contact;
  if (!contact || !deps.cipher || !contactAlive(contact.expiresAt, now))
    throw new NotFoundError('联系方式', 'Contact');
  await deps.cases.appendAudit(
    auditEntry(p, now, deps.newId(), {
      action: 'case.contact.reveal',
      targetType: 'case',
      targetName: c.summary,
      targetId: c.id,
      targetPath: c.unitPath,
      after: { masked: contact.masked },
    }),
  );
  const cipher = deps.cipher;
  return { phone: await cipher.decrypt(contact.cipher, caseContactContext(c.id)), masked: contact.masked };
}
