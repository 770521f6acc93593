/** Opening cases: automatically from a bad review (idempotent), or by hand from a visit or a call. */
import type { Principal } from '../../domain/access';
import { auditEntry } from '../../domain/audit';
import { badReviewReasons, commentsOf } from '../../domain/cases/bad-review';
import { caseDeadlines, policyFor } from '../../domain/cases/deadlines';
import { maskPhone } from '../../domain/cases/mask';
import {
  type CaseSource,
  caseIdForResponse,
  type FollowUpCase,
  SYSTEM_ACTOR,
} from '../../domain/cases/model';
import { NO_COMMENT_SUMMARY } from '../../domain/cases/visit-issues';
import { ConflictError, NotFoundError } from '../../domain/errors';
import { caseContactContext, responseContactContext } from '../contact/cipher-port';
import { actorOf, type CaseDeps, loadNodeInScope } from './deps';
import type { ResponseImage, StoredContact } from './ports';

export type OpenFromResponseOutcome = 'opened' | 'exists' | 'not-bad' | 'skipped' | 'quarantined';

function newCase(
  deps: CaseDeps,
  base: Pick<FollowUpCase, 'id' | 'source' | 'unitId' | 'unitPath' | 'summary' | 'reasons' | 'openedBy'> &
    Partial<FollowUpCase>,
  openedAt: Date,
): FollowUpCase {
  const workingDays = policyFor(deps.settings.deadlines, base.unitPath);
  return {
    ...base,
    handlerOrgId: base.unitId,
    handlerOrgPath: base.unitPath,
    status: 'new',
    version: 1,
    openedAt: openedAt.toISOString(),
    ...caseDeadlines(openedAt, workingDays, deps.settings.calendar),
    workingDays,
    reopenCount: 0,
    escalations: [],
  };
}

/**
 * For each new response (from the table's stream):
 * 0. A ballot quarantined on arrival opens no case the unit could see: it waits for the
 *    province's review, and its phone stays sealed in the response until then.
 * 1. Reads the questionnaire version it answered and checks it for a bad review
 *    (bottom two levels anywhere, or a complaint keyword in a comment).
 * 2. Not a bad review: the phone, if any, is removed (no callback will need it).
 * 3. A bad review: opens the case `r-{responseId}` in the response's unit, with its deadlines;
 *    the phone is re-encrypted bound to the case and moved out of the response in the same
 *    transaction, and a response given through a visit's code links the case to the visit.
 *    A replayed stream record finds the case there and changes nothing.
 */
export async function openCaseFromResponse(
  deps: CaseDeps,
  r: ResponseImage,
): Promise<OpenFromResponseOutcome> {
  if (r.integrity?.quarantined === true) return 'quarantined';
  const version = await deps.questionnaires.getVersion(r.questionnaireId, r.version);
  if (!version) return 'skipped';
  const reasons = badReviewReasons(version.content, r.answers, deps.settings.complaintKeywords);
  if (reasons.length === 0) {
    if (r.contactCipher) await deps.cases.removeResponseContact(r.responseId);
    return 'not-bad';
  }
  const unit = (await deps.getNodes([r.unitId])).get(r.unitId);
  if (!unit) return 'skipped';
  const id = caseIdForResponse(r.responseId);
  const comments = commentsOf(version.content, r.answers);
  const c = newCase(
    deps,
    {
      id,
      source: 'response',
      responseId: r.responseId,
      receipt: r.receipt,
      // Answered through a visit's own code: the case is listed on the visit (link written with it).
      visitId: r.visitId,
      // A business system's ballot (一事一评): the case names the transaction that was rated.
      transaction: r.transaction && {
        transactionNo: r.transaction.transactionNo,
        matter: r.transaction.matter,
      },
      unitId: unit.id,
      unitPath: unit.path,
      summary: (comments.join(' / ') || NO_COMMENT_SUMMARY).slice(0, 1000),
      reasons,
      openedBy: SYSTEM_ACTOR.userId,
      hasContact: r.contactCipher !== undefined,
    },
    new Date(r.submittedAt),
  );
  let contact: StoredContact | undefined;
  if (r.contactCipher && deps.cipher) {
    const phone = await deps.cipher.decrypt(r.contactCipher, responseContactContext(r.responseId));
    contact = {
      cipher: await deps.cipher.encrypt(phone, caseContactContext(id)),
      masked: r.contactMasked ?? maskPhone(phone),
      consentVersion: r.contactConsentVersion ?? 'unknown',
    };
  }
  const outcome = await deps.cases.open({
    case: c,
    events: [{ caseId: id, at: c.openedAt, actor: SYSTEM_ACTOR, type: 'open', to: 'new', data: { reasons } }],
    contact,
    fromResponse: { responseId: r.responseId, hadContact: r.contactCipher !== undefined },
  });
  return outcome === 'created' ? 'opened' : 'exists';
}

export interface ManualCaseInput {
  unitId: string;
  source: Exclude<CaseSource, 'response'>;
  visitId?: string;
  visitedParty?: string;
  problem: string;
  neededDepartment?: string;
  contact?: { phone: string; consentVersion: string };
}

/**
 * 走访评议 / a call: unit staff record what they learned.
 * 1. Checks the unit is in scope and, for a visit, that the visit belongs to it.
 * 2. Opens a case with deadlines from the province's policy; the phone (with consent) is
 *    encrypted bound to the new case.
 * 3. Writes case, timeline, visit link and audit entry in one transaction.
 */
export async function openManualCase(deps: CaseDeps, p: Principal, input: ManualCaseInput) {
  const unit = await loadNodeInScope(deps, p, 'case:write', input.unitId);
  if (input.visitId) {
    const visit = await deps.visits.getVisit(input.visitId);
    if (!visit || visit.visit.unitId !== unit.id) throw new NotFoundError('走访记录', 'Visit');
  }
  const now = deps.clock.now();
  const id = `m-${deps.newId()}`;
  const c = newCase(
    deps,
    {
      id,
      source: input.source,
      visitId: input.visitId,
      visitedParty: input.visitedParty,
      neededDepartment: input.neededDepartment,
      unitId: unit.id,
      unitPath: unit.path,
      summary: input.problem,
      reasons: [],
      openedBy: p.userId,
      hasContact: input.contact !== undefined,
    },
    now,
  );
  if (input.contact && !deps.cipher) {
    throw new ConflictError(
      'CONTACT_DISABLED',
      '未配置联系方式加密，不能保存电话',
      'No contact key is configured',
    );
  }
  const contact: StoredContact | undefined = input.contact &&
    deps.cipher && {
      cipher: await deps.cipher.encrypt(input.contact.phone, caseContactContext(id)),
      masked: maskPhone(input.contact.phone),
      consentVersion: input.contact.consentVersion,
    };
  await deps.cases.open({
    case: c,
    events: [{ caseId: id, at: c.openedAt, actor: actorOf(p), type: 'open', to: 'new' }],
    contact,
    audit: auditEntry(p, now, deps.newId(), {
      action: 'case.open',
      targetType: 'case',
      targetName: c.summary,
      targetId: id,
      targetPath: unit.path,
      // The audit trail records that a contact exists, never the contact itself.
      after: { ...c, hasContact: c.hasContact },
    }),
  });
  return c;
}
