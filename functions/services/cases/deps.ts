/** What the case use cases share: stores, the org tree, the contact cipher, settings, clock and ids. */
import { type Action, OutOfScopeError, type Principal, requireAction } from '../../domain/access';
import { casePaths } from '../../domain/cases/inbox';
import type { FollowUpCase } from '../../domain/cases/model';
import { NotFoundError } from '../../domain/errors';
import { isWithin, type OrgNode } from '../../domain/org';
import type { ContactCipher } from '../contact/cipher-port';
import type { Clock, QuestionnaireReader } from '../ports';
import type { CaseSettings, CaseStore, VisitStore } from './ports';

export interface CaseDeps {
  cases: CaseStore;
  visits: VisitStore;
  getNodes(ids: readonly string[]): Promise<Map<string, OrgNode>>;
  /** Absent when no key is configured: phones are then neither stored nor revealed. */
  cipher?: ContactCipher;
  questionnaires: QuestionnaireReader;
  settings: CaseSettings;
  clock: Clock;
  newId(): string;
}

/** True when any organisation of the case lies in the principal's subtree. */
export const caseInScope = (p: Principal, c: FollowUpCase): boolean =>
  casePaths(c).some((path) => isWithin({ path }, p.scopeId));

/** Loads a case the principal may see with `action` (404 when absent or out of scope). */
export async function loadCaseInScope(deps: CaseDeps, p: Principal, action: Action, caseId: string) {
  requireAction(p, action);
  const c = await deps.cases.get(caseId);
  if (!c || !caseInScope(p, c)) throw new OutOfScopeError();
  return c;
}

/** Loads an org node in the principal's scope (the inbox, metrics, visits, manual cases). */
export async function loadNodeInScope(deps: CaseDeps, p: Principal, action: Action, nodeId: string) {
  requireAction(p, action);
  const node = (await deps.getNodes([nodeId])).get(nodeId);
  if (!node || !isWithin(node, p.scopeId)) throw new OutOfScopeError();
  return node;
}

/** Loads any active org node (a hand-over target may lie outside the sender's subtree). */
export async function loadOrg(deps: CaseDeps, nodeId: string): Promise<OrgNode> {
  const node = (await deps.getNodes([nodeId])).get(nodeId);
  if (!node?.active) throw new NotFoundError('该单位', 'Organisation');
  return node;
}

export const actorOf = (p: Principal) => ({ userId: p.userId, name: p.name });
