/** Use case: a member of staff moves a case along its workflow. */
import { OutOfScopeError, type Principal, requireAction } from '../../domain/access';
import { auditEntry } from '../../domain/audit';
import { VersionConflictError } from '../../domain/cases/errors';
import type { FollowUpCase } from '../../domain/cases/model';
import { applyAction, type CaseAction } from '../../domain/cases/state-machine';
import { isWithin } from '../../domain/org';
import { actorOf, type CaseDeps, loadCaseInScope, loadOrg } from './deps';

/** The request: an action by name, the version the caller saw, a note, the action's data. */
export type CaseActionRequest = (
  | { type: Exclude<CaseAction['type'], 'transfer' | 'request_coordination'> }
  | { type: 'transfer' | 'request_coordination'; orgId: string }
) & { expectedVersion: number; note?: string } & Partial<{
    category: 'fixed_now' | 'fixed_by_deadline' | 'explained';
    rating: 'satisfied' | 'basically_satisfied' | 'dissatisfied';
  }>;

/** Whose subtree may take an action: the receiving organisation acknowledges, the handler does the rest. */
function actingPath(c: FollowUpCase, type: CaseAction['type']): string {
  if (type === 'acknowledge_transfer' && c.transfer) return c.transfer.orgPath;
  if (type === 'acknowledge_coordination' && c.coordination) return c.coordination.orgPath;
  return c.handlerOrgPath;
}

async function toAction(deps: CaseDeps, r: CaseActionRequest): Promise<CaseAction> {
  switch (r.type) {
    case 'transfer':
    case 'request_coordination': {
      const org = await loadOrg(deps, r.orgId);
      return { type: r.type, orgId: org.id, orgPath: org.path };
    }
    case 'resolve':
      return { type: 'resolve', category: r.category ?? 'explained' };
    case 'callback':
      return { type: 'callback', rating: r.rating ?? 'satisfied' };
    default:
      return { type: r.type } as CaseAction;
  }
}

/**
 * 1. Loads the case in scope (case:write) and checks the caller's subtree may take this action.
 * 2. Refuses a stale version (409) before applying the state machine (409 on an invalid step).
 * 3. Saves case + timeline entry + audit entry in one transaction, conditional on the version;
 *    closing also sets the contact's expiry (close + retention) for TTL.
 */
export async function actOnCase(deps: CaseDeps, p: Principal, caseId: string, r: CaseActionRequest) {
  requireAction(p, 'case:write');
  const c = await loadCaseInScope(deps, p, 'case:write', caseId);
  if (!isWithin({ path: actingPath(c, r.type) }, p.scopeId)) throw new OutOfScopeError();
  if (c.version !== r.expectedVersion) throw new VersionConflictError();
  const now = deps.clock.now();
  const { next, event } = applyAction(c, await toAction(deps, r), actorOf(p), now, r.note);
  const contactExpiresAt =
    next.status === 'closed' && c.hasContact
      ? Math.floor(now.getTime() / 1000) + deps.settings.contactRetentionDays * 86_400
      : undefined;
  await deps.cases.save(next, c, [event], {
    contactExpiresAt,
    audit: auditEntry(p, now, deps.newId(), {
      action: `case.${r.type}`,
      targetType: 'case',
      targetName: c.summary,
      targetId: c.id,
      targetPath: c.unitPath,
      before: { status: c.status, version: c.version },
      after: { status: next.status, version: next.version, note: r.note },
    }),
  });
  return next;
}
