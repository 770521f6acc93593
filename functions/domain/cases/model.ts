/** Follow-up cases (整改工单): what a case is, its states and the words used on it. */
import type { DeadlinePolicy } from './deadlines';

export const CASE_STATUSES = [
  'new',
  'accepted',
  'in_progress',
  'transferred',
  'awaiting_coordination',
  'resolved',
  'callback_done',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_LABELS: Record<CaseStatus, { 'zh-CN': string; en: string }> = {
  new: { 'zh-CN': '待受理', en: 'New' },
  accepted: { 'zh-CN': '已受理', en: 'Accepted' },
  in_progress: { 'zh-CN': '办理中', en: 'In progress' },
  transferred: { 'zh-CN': '已转办', en: 'Transferred' },
  awaiting_coordination: { 'zh-CN': '待协调', en: 'Awaiting coordination' },
  resolved: { 'zh-CN': '已办结', en: 'Resolved' },
  callback_done: { 'zh-CN': '已回访', en: 'Called back' },
  closed: { 'zh-CN': '已关闭', en: 'Closed' },
};

/** 立行立改 fixed at once, 限期整改 fixed by a deadline, 解释说明 explained. */
export const RESOLUTION_CATEGORIES = ['fixed_now', 'fixed_by_deadline', 'explained'] as const;
export type ResolutionCategory = (typeof RESOLUTION_CATEGORIES)[number];
export const RESOLUTION_LABELS: Record<ResolutionCategory, { 'zh-CN': string; en: string }> = {
  fixed_now: { 'zh-CN': '立行立改', en: 'Fixed at once' },
  fixed_by_deadline: { 'zh-CN': '限期整改', en: 'Fixed by a deadline' },
  explained: { 'zh-CN': '解释说明', en: 'Explained' },
};

/** The citizen's rating of the fix at callback: 满意 / 基本满意 / 不满意. */
export const CALLBACK_RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type CallbackRating = (typeof CALLBACK_RATINGS)[number];

export type CaseSource = 'response' | 'visit' | 'call';

/** Another organisation asked to help (待协调) or handed the case (转办); it must acknowledge. */
export interface Handover {
  orgId: string;
  orgPath: string;
  requestedAt: string;
  requestedBy: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
}

export interface Escalation {
  at: string;
  /** The ancestor the case was escalated to. */
  toId: string;
  reason: 'ack_overdue' | 'resolve_overdue';
}

/** Masked contact shown to staff; the ciphertext lives in its own expiring item. */
export interface CaseContactSummary {
  masked: string;
  consentVersion: string;
}

export interface FollowUpCase {
  id: string;
  source: CaseSource;
  /** The response a bad-review case was opened from (never shown to the citizen tracking page). */
  responseId?: string;
  visitId?: string;
  /** Receipt of the originating response, so the citizen can track it. */
  receipt?: string;
  /** The transaction (办件编号 and 事项) the rated ballot was issued for by a business system. */
  transaction?: { transactionNo: string; matter: string };
  /** The originating unit: it keeps seeing the case whatever happens to it. */
  unitId: string;
  unitPath: string;
  /** The organisation currently responsible (changes on transfer). */
  handlerOrgId: string;
  handlerOrgPath: string;
  /** The member of staff who accepted the case: only they may reveal the contact. */
  handlerUserId?: string;
  handlerName?: string;
  status: CaseStatus;
  /** Optimistic lock: every write checks and increments it. */
  version: number;
  summary: string;
  /** Why the case was opened automatically (levels, keywords); empty for manual cases. */
  reasons: string[];
  /** Department needed (走访: which department the problem calls for). */
  neededDepartment?: string;
  visitedParty?: string;
  openedAt: string;
  openedBy: string;
  ackDueAt: string;
  resolveDueAt: string;
  /**
   * The deadlines were counted through a year whose official holiday schedule was not known yet
   * (statutory rules only): they may move when the State Council publishes it.
   */
  calendarProvisional?: boolean;
  /**
   * The working days the deadlines were counted with (the province's policy at opening), so a
   * recount once the holiday schedule is published uses the same ones (see recount.ts).
   */
  workingDays?: DeadlinePolicy;
  acknowledgedAt?: string;
  resolvedAt?: string;
  resolution?: { category: ResolutionCategory; note: string };
  callback?: { rating: CallbackRating; at: string };
  reopenCount: number;
  closedAt?: string;
  transfer?: Handover;
  coordination?: Handover;
  ackOverdue?: boolean;
  resolveOverdue?: boolean;
  remindedAt?: string;
  escalations: Escalation[];
  /** True when the citizen left a phone with consent (the number itself is in its own expiring item). */
  hasContact?: boolean;
  appeal?: { status: 'pending' | 'upheld' | 'rejected'; filedAt: string; decidedAt?: string };
}

/** One entry of a case's timeline: who did what, when, and why. */
export interface TimelineEvent {
  caseId: string;
  seq: number;
  at: string;
  actor: { userId: string; name: string };
  type: string;
  from?: CaseStatus;
  to?: CaseStatus;
  note?: string;
  data?: Record<string, unknown>;
}

/** The system itself as an actor (automatic opening, escalation). */
export const SYSTEM_ACTOR = { userId: 'system', name: '系统 System' } as const;

/** True when the case is still open (not closed). */
export const isOpen = (c: Pick<FollowUpCase, 'status'>): boolean => c.status !== 'closed';

/** Case ids of automatic cases derive from the response id, so opening twice is a no-op. */
export const caseIdForResponse = (responseId: string): string => `r-${responseId}`;
