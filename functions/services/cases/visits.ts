/** 走访评议 visits as events: record one, list a unit's, read one with what came of it. */
import { OutOfScopeError, type Principal, requireAction } from '../../domain/access';
import { auditEntry } from '../../domain/audit';
import type { Visit, VisitPartyType, VisitReport } from '../../domain/cases/visit';
import { isWithin } from '../../domain/org';
import { type CaseDeps, loadNodeInScope } from './deps';

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

/**
 * A visit with the cases opened from it and the issues they raised. Questionnaires returned
 * count responses tagged with the visit's QR code (not yet issued: see the report of issue 5).
 */
export async function getVisit(deps: CaseDeps, p: Principal, visitId: string): Promise<VisitReport> {
  requireAction(p, 'case:read');
  const found = await deps.visits.getVisit(visitId);
  if (!found || !isWithin({ path: found.visit.unitPath }, p.scopeId)) throw new OutOfScopeError();
  await loadNodeInScope(deps, p, 'case:read', found.visit.unitId);
  const cases = await Promise.all(found.caseIds.map((id) => deps.cases.get(id)));
  return {
    ...found.visit,
    questionnairesReturned: 0,
    issuesRaised: cases.flatMap((c) => (c ? [c.summary] : [])),
    caseIds: found.caseIds,
  };
}
