/**
 * 申诉复核: a unit appeals a bad review as malicious, with evidence; a province reviewer (never
 * the unit itself) decides. An upheld appeal takes the review out of the scores: nothing is deleted.
 */
import { ForbiddenError, OutOfScopeError, type Principal, requireAction } from '../../domain/access';
import { aggregateDelta } from '../../domain/aggregate';
import { auditEntry } from '../../domain/audit';
import { VersionConflictError } from '../../domain/cases/errors';
import { isCounted, negateDelta } from '../../domain/cases/exclusion';
import { ConflictError, NotFoundError } from '../../domain/errors';
import { isWithin } from '../../domain/org';
import { actorOf, type CaseDeps, loadCaseInScope, loadNodeInScope } from './deps';
import type { Appeal, ExclusionWrite } from './ports';

export interface FileAppealInput {
  reason: string;
  evidence: { name: string; note?: string; url?: string }[];
  expectedVersion: number;
}

/**
 * 1. Loads the case in scope; only a case opened from a citizen's review can be appealed,
 *    and only by the unit's own subtree, once.
 * 2. Only a counted ballot can be appealed: a quarantined one is already out of the scores and
 *    is the province's to review, not the unit's to contest.
 * 3. Writes the pending appeal, the case's appeal flag, a timeline entry and the audit entry.
 */
export async function fileAppeal(deps: CaseDeps, p: Principal, caseId: string, input: FileAppealInput) {
  const c = await loadCaseInScope(deps, p, 'case:write', caseId);
  if (!isWithin({ path: c.unitPath }, p.scopeId)) throw new OutOfScopeError();
  if (c.source !== 'response' || c.appeal) {
    throw new ConflictError(
      'APPEAL_NOT_ALLOWED',
      '该工单不可申诉或已申诉',
      'This case cannot be appealed (again)',
    );
  }
  const response = c.responseId ? await deps.cases.getResponse(c.responseId) : undefined;
  if (!response || !isCounted(response)) {
    throw new ConflictError(
      'APPEAL_NOT_COUNTED',
      '该评价未计入成绩（已隔离或已剔除），不可申诉',
      'The ballot is not counted (quarantined or excluded); only counted ballots can be appealed',
    );
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  const appeal: Appeal = {
    caseId: c.id,
    responseId: c.responseId,
    unitId: c.unitId,
    unitPath: c.unitPath,
    reason: input.reason,
    evidence: input.evidence,
    status: 'pending',
    filedAt: at,
    filedBy: p.userId,
  };
  const next = { ...c, version: c.version + 1, appeal: { status: 'pending' as const, filedAt: at } };
  if (c.version !== input.expectedVersion) throw new VersionConflictError();
  await deps.cases.save(
    next,
    c,
    [{ caseId: c.id, at, actor: actorOf(p), type: 'appeal_filed', note: input.reason }],
    {
      appeal,
      audit: auditEntry(p, now, deps.newId(), {
        action: 'appeal.file',
        targetType: 'case',
        targetName: c.summary,
        targetId: c.id,
        targetPath: c.unitPath,
        after: { reason: input.reason, evidence: input.evidence.length },
      }),
    },
  );
  return appeal;
}

/**
 * 1. Only `appeal:decide` (province reviewers) on a case in scope; a reviewer whose own scope
 *    is the appealing unit could never hold it, and we refuse it explicitly as well.
 * 2. Upheld: when the ballot is counted, marks it excluded and subtracts its contribution from
 *    its two daily aggregates (service point and unit) in the same transaction, on condition that
 *    it is still counted, so official aggregates and the exclusion record never disagree. A ballot
 *    that is not counted (quarantined on arrival, or taken out since the appeal was filed) is
 *    never subtracted: only the decision is recorded.
 * 3. Writes the decision, the case's appeal flag, a timeline entry and the audit entry.
 */
export async function decideAppeal(
  deps: CaseDeps,
  p: Principal,
  caseId: string,
  input: { upheld: boolean; note: string },
) {
  requireAction(p, 'appeal:decide');
  const c = await loadCaseInScope(deps, p, 'appeal:decide', caseId);
  if (isWithin({ path: p.scopePath }, c.unitId)) throw new ForbiddenError();
  const d = await deps.cases.detail(caseId);
  if (d?.appeal?.status !== 'pending') throw new NotFoundError('待复核的申诉', 'Pending appeal');
  const now = deps.clock.now();
  const at = now.toISOString();
  const status = input.upheld ? ('upheld' as const) : ('rejected' as const);
  const appeal: Appeal = {
    ...d.appeal,
    status,
    decidedAt: at,
    decidedBy: p.userId,
    decisionNote: input.note,
  };
  let exclusion: ExclusionWrite | undefined;
  if (input.upheld && c.responseId) {
    const response = await deps.cases.getResponse(c.responseId);
    const version =
      response && (await deps.questionnaires.getVersion(response.questionnaireId, response.version));
    if (response && version && isCounted(response)) {
      exclusion = {
        response,
        negatedDelta: negateDelta(aggregateDelta(version.content, response.answers)),
        reason: input.note,
        at,
      };
    }
  }
  const next = { ...c, version: c.version + 1, appeal: { status, filedAt: d.appeal.filedAt, decidedAt: at } };
  await deps.cases.save(
    next,
    c,
    [{ caseId: c.id, at, actor: actorOf(p), type: `appeal_${status}`, note: input.note }],
    {
      appeal,
      exclusion,
      audit: auditEntry(p, now, deps.newId(), {
        action: `appeal.${status}`,
        targetType: 'case',
        targetName: c.summary,
        targetId: c.id,
        targetPath: c.unitPath,
        before: { status: 'pending' },
        after: { status, note: input.note, excludedResponse: exclusion ? c.responseId : undefined },
      }),
    },
  );
  return appeal;
}

/** Appeals of the cases in a subtree (default the caller's scope), newest first. */
export async function listAppeals(deps: CaseDeps, p: Principal, nodeId?: string) {
  const node = await loadNodeInScope(deps, p, 'case:read', nodeId ?? p.scopeId);
  const all = await deps.cases.listAppeals(node.path.split('/')[0]!);
  return all.filter((a) => isWithin({ path: a.unitPath }, node.id));
}
