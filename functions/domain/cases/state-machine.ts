/**
 * The case workflow as a pure function: a state and an action give the next state and the
 * timeline entry recording who, when and why, or an `InvalidTransitionError` (409).
 *
 * new → accepted → in_progress ⇄ (transferred | awaiting_coordination) → resolved
 *   → callback_done → closed; a callback rated 不满意 sends the case back to in_progress.
 */
import { InvalidTransitionError } from './errors';
import type { CallbackRating, CaseStatus, FollowUpCase, ResolutionCategory, TimelineEvent } from './model';

export type CaseAction =
  | { type: 'accept' }
  | { type: 'start' }
  | { type: 'transfer'; orgId: string; orgPath: string }
  | { type: 'acknowledge_transfer' }
  | { type: 'request_coordination'; orgId: string; orgPath: string }
  | { type: 'acknowledge_coordination' }
  | { type: 'coordination_done' }
  | { type: 'resolve'; category: ResolutionCategory }
  | { type: 'callback'; rating: CallbackRating }
  | { type: 'close' };

export type CaseActionType = CaseAction['type'];

export const CASE_ACTION_TYPES: readonly CaseActionType[] = [
  'accept',
  'start',
  'transfer',
  'acknowledge_transfer',
  'request_coordination',
  'acknowledge_coordination',
  'coordination_done',
  'resolve',
  'callback',
  'close',
];

/** Which actions each state admits (before checks that depend on the case's data). */
const ALLOWED: Record<CaseStatus, readonly CaseActionType[]> = {
  new: ['accept'],
  accepted: ['start', 'transfer', 'resolve'],
  in_progress: ['transfer', 'request_coordination', 'resolve'],
  transferred: ['acknowledge_transfer'],
  awaiting_coordination: ['acknowledge_coordination', 'coordination_done'],
  resolved: ['callback'],
  callback_done: ['close'],
  closed: [],
};

export interface Actor {
  userId: string;
  name: string;
}

/** The actions a case's state admits right now (shown as buttons on the case page). */
export function allowedActions(c: FollowUpCase): CaseActionType[] {
  return ALLOWED[c.status].filter((a) => {
    if (a === 'coordination_done') return c.coordination?.acknowledgedAt !== undefined;
    if (a === 'acknowledge_coordination') return c.coordination?.acknowledgedAt === undefined;
    return true;
  });
}

export interface Transition {
  next: FollowUpCase;
  event: Omit<TimelineEvent, 'seq'>;
}

/**
 * Applies `action` to `c` at `at` by `actor`.
 * 1. Refuses an action the state does not admit (409).
 * 2. Builds the next state; the version always goes up by one.
 * 3. Returns it with the timeline entry (from, to, note, the action's data).
 */
export function applyAction(
  c: FollowUpCase,
  action: CaseAction,
  actor: Actor,
  at: Date,
  note?: string,
): Transition {
  if (!allowedActions(c).includes(action.type)) throw new InvalidTransitionError(action.type, c.status);
  const when = at.toISOString();
  const base: FollowUpCase = { ...c, version: c.version + 1 };
  let next: FollowUpCase;
  let data: Record<string, unknown> | undefined;
  switch (action.type) {
    case 'accept':
      next = {
        ...base,
        status: 'accepted',
        acknowledgedAt: when,
        handlerUserId: actor.userId,
        handlerName: actor.name,
      };
      break;
    case 'start':
      next = { ...base, status: 'in_progress' };
      break;
    case 'transfer':
      if (action.orgId === c.handlerOrgId) throw new InvalidTransitionError(action.type, c.status);
      data = { orgId: action.orgId };
      next = {
        ...base,
        status: 'transferred',
        transfer: {
          orgId: action.orgId,
          orgPath: action.orgPath,
          requestedAt: when,
          requestedBy: actor.userId,
        },
      };
      break;
    case 'acknowledge_transfer': {
      const t = c.transfer!;
      // The receiving organisation becomes the handler; its acknowledging officer handles it.
      next = {
        ...base,
        status: 'in_progress',
        handlerOrgId: t.orgId,
        handlerOrgPath: t.orgPath,
        handlerUserId: actor.userId,
        handlerName: actor.name,
        transfer: { ...t, acknowledgedAt: when, acknowledgedBy: actor.userId },
      };
      break;
    }
    case 'request_coordination':
      if (action.orgId === c.handlerOrgId) throw new InvalidTransitionError(action.type, c.status);
      data = { orgId: action.orgId };
      next = {
        ...base,
        status: 'awaiting_coordination',
        coordination: {
          orgId: action.orgId,
          orgPath: action.orgPath,
          requestedAt: when,
          requestedBy: actor.userId,
        },
      };
      break;
    case 'acknowledge_coordination':
      next = {
        ...base,
        coordination: { ...c.coordination!, acknowledgedAt: when, acknowledgedBy: actor.userId },
      };
      break;
    case 'coordination_done':
      next = { ...base, status: 'in_progress' };
      break;
    case 'resolve':
      data = { category: action.category };
      next = {
        ...base,
        status: 'resolved',
        resolvedAt: when,
        resolution: { category: action.category, note: note ?? '' },
      };
      break;
    case 'callback':
      data = { rating: action.rating };
      next =
        action.rating === 'dissatisfied'
          ? // 不满意 reopens: the fix did not satisfy the citizen, so the work starts again.
            {
              ...base,
              status: 'in_progress',
              resolvedAt: undefined,
              resolution: undefined,
              callback: { rating: action.rating, at: when },
              reopenCount: c.reopenCount + 1,
            }
          : { ...base, status: 'callback_done', callback: { rating: action.rating, at: when } };
      break;
    case 'close':
      next = { ...base, status: 'closed', closedAt: when };
      break;
  }
  return {
    next,
    event: { caseId: c.id, at: when, actor, type: action.type, from: c.status, to: next.status, note, data },
  };
}

/**
 * What must hold in every reachable state; property tests check it after any sequence of
 * actions. Returns the broken rules (empty when the case is consistent).
 */
export function invariantViolations(c: FollowUpCase): string[] {
  const broken: string[] = [];
  const after = (s: CaseStatus[]) => s.includes(c.status);
  if (c.status !== 'new' && !c.acknowledgedAt) broken.push('acknowledged states need acknowledgedAt');
  if (c.status !== 'new' && !c.handlerUserId) broken.push('acknowledged states need a handler');
  if (after(['resolved', 'callback_done', 'closed']) && !c.resolution) broken.push('resolution missing');
  if (after(['callback_done', 'closed']) && (!c.callback || c.callback.rating === 'dissatisfied')) {
    broken.push('a done callback must be satisfied or basically satisfied');
  }
  if ((c.status === 'closed') !== (c.closedAt !== undefined)) broken.push('closedAt iff closed');
  if (c.status === 'transferred' && (!c.transfer || c.transfer.acknowledgedAt))
    broken.push('pending transfer');
  if (c.status === 'awaiting_coordination' && !c.coordination) broken.push('coordination missing');
  if (c.transfer?.acknowledgedAt && c.handlerOrgId !== c.transfer.orgId)
    broken.push('handler after transfer');
  if (!c.unitPath.endsWith(c.unitId) || !c.handlerOrgPath.endsWith(c.handlerOrgId)) broken.push('paths');
  if (c.version < 1) broken.push('version');
  return broken;
}
