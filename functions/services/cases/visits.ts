/** 走访评议 visits as events: record one, list a unit's, read one with what came of it (its own QR code: visit-qr.ts). */
import type { Principal } from '../../domain/access';
import { auditEntry } from '../../domain/audit';
import type { FollowUpCase } from '../../domain/cases/model';
import {
  type Visit,
  type VisitCaseRow,
  type VisitPartyType,
  type VisitReport,
  visitQrStatus,
} from '../../domain/cases/visit';
import { issueOfCase } from '../../domain/cases/visit-issues';
import { tokenUrl } from '../qr/load';
import { type CaseDeps, loadNodeInScope } from './deps';
import { loadVisitInScope, type VisitQrDeps } from './visit-qr';

export interface RecordVisitInput {
  unitId: string;
  date: string;
  partyType: VisitPartyType;
  partyName: string;
  staff: string[];
  notes?: string;
}

/** 1. Unit in scope (case:write). 2. Writes the visit with its audit entry. */
export async function recordVisit(deps: CaseDeps, p: Principal, input: RecordVisitInput): Promise<Visit> {
  const unit = await loadNodeInScope(deps, p, 'case:write', input.unitId);
  const now = deps.clock.now();
  const visit: Visit = {
    id: `v-${deps.newId()}`,
    ...input,
    unitId: unit.id,
    unitPath: unit.path,
    createdAt: now.toISOString(),
    createdBy: p.userId,
  };
  await deps.visits.putVisit(
    visit,
    auditEntry(p, now, deps.newId(), {
      action: 'visit.record',
      targetType: 'visit',
      targetName: `${visit.date} ${visit.partyName}`,
      targetId: visit.id,
      targetPath: unit.path,
      after: visit,
    }),
  );
  return visit;
}

export async function listVisits(
  deps: CaseDeps,
  p: Principal,
  q: { unitId: string; from: string; to: string },
) {
  const unit = await loadNodeInScope(deps, p, 'case:read', q.unitId);
  return deps.visits.listVisits(unit.id, q.from, q.to);
}

/** The question titles of the version a response answered, to describe its bad-review reasons. */
async function titlesFor(deps: CaseDeps, responseId: string | undefined) {
  const response = responseId ? await deps.cases.getResponse(responseId) : undefined;
  const version =
    response && (await deps.questionnaires.getVersion(response.questionnaireId, response.version));
  const titles = new Map(version?.content.questions.map((q) => [q.id, q.text['zh-CN']]) ?? []);
  return (questionId: string) => titles.get(questionId);
}

/**
 * A visit with what came of it.
 * 1. The visit is in scope (case:read).
 * 2. Its counters: questionnaires returned through its own code (and how many of them the
 *    integrity checks held back), kept by the submissions' transactions.
 * 3. The cases opened from it, by hand or from bad reviews given through its code, each with the
 *    issue it raises described without personal data.
 * 4. Its code, with its status now and, while active, the URL it encodes.
 */
export async function getVisit(deps: VisitQrDeps, p: Principal, visitId: string): Promise<VisitReport> {
  const { visit, caseIds } = await loadVisitInScope(deps.cases, p, 'case:read', visitId);
  const found = (await Promise.all(caseIds.map((id) => deps.cases.cases.get(id)))).filter(
    (c): c is FollowUpCase => c !== undefined,
  );
  const cases: VisitCaseRow[] = await Promise.all(
    found.map(async (c) => ({
      id: c.id,
      status: c.status,
      source: c.source,
      openedAt: c.openedAt,
      issue: issueOfCase(c, c.source === 'response' ? await titlesFor(deps.cases, c.responseId) : undefined),
    })),
  );
  cases.sort((a, b) => a.openedAt.localeCompare(b.openedAt));
  const { qr, ...rest } = visit;
  const token = qr && (await deps.qr.store.getQrToken(qr.tokenId));
  const status = token && visitQrStatus(token.status, qr, deps.cases.clock.now());
  return {
    ...rest,
    questionnairesReturned: visit.questionnairesReturned ?? 0,
    questionnairesHeld: visit.questionnairesHeld ?? 0,
    issuesRaised: cases.map((c) => c.issue),
    caseIds: cases.map((c) => c.id),
    cases,
    ...(qr && token && status
      ? { qr: { ...qr, status, ...(status === 'active' ? { url: tokenUrl(deps.qr, token) } : {}) } }
      : {}),
  };
}
