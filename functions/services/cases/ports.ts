/** Ports of the follow-up case use cases. `db/case-repository.ts` implements them on DynamoDB. */

import type { AggregateDelta } from '../../domain/aggregate';
import type { AuditEntry } from '../../domain/audit';
import type { DeadlinePolicies } from '../../domain/cases/deadlines';
import type { FollowUpCase, TimelineEvent } from '../../domain/cases/model';
import type { Visit, VisitQr } from '../../domain/cases/visit';
import type { WorkingCalendar } from '../../domain/cases/working-calendar';
import type { TransactionRef } from '../../domain/integrity/transaction-ballot';
import type { Answers } from '../../schemas/submission';
import type { QrTokenRecord } from '../ports';

/** The stored contact of a case: ciphertext bound to the case, masked form, consent version. */
export interface StoredContact {
  cipher: string;
  masked: string;
  consentVersion: string;
  /** Epoch seconds after which the item is gone (TTL) and treated as gone before that (read filter). */
  expiresAt?: number;
}

export interface Appeal {
  caseId: string;
  responseId?: string;
  unitId: string;
  unitPath: string;
  reason: string;
  evidence: { name: string; note?: string; url?: string }[];
  status: 'pending' | 'upheld' | 'rejected';
  filedAt: string;
  filedBy: string;
  decidedAt?: string;
  decidedBy?: string;
  decisionNote?: string;
}

/** What a response contributes, read back when an upheld appeal takes it out of the scores. */
export interface ResponseForExclusion {
  responseId: string;
  servicePointId: string;
  unitId: string;
  questionnaireId: string;
  version: number;
  day: string;
  answers: Answers;
  /** The aggregate shard the ballot was counted into (absent on ballots stored before sharding). */
  aggregateShard?: number;
  excludedFromScores?: unknown;
  /** The integrity verdict stored with the ballot, when it was checked. */
  integrity?: { quarantined?: boolean };
  /** The transaction (办件) of a business system's ballot: its 事项 aggregate is compensated too. */
  transaction?: TransactionRef;
}

/** A response as the case stream sees it (new image of a Response item). */
export interface ResponseImage extends ResponseForExclusion {
  receipt: string;
  submittedAt: string;
  /** Set when the response came through a visit's own QR code. */
  visitId?: string;
  contactCipher?: string;
  contactMasked?: string;
  contactConsentVersion?: string;
}

export interface CaseDetail {
  case: FollowUpCase;
  events: TimelineEvent[];
  contact?: StoredContact;
  appeal?: Appeal;
}

export interface OpenCaseWrite {
  case: FollowUpCase;
  events: Omit<TimelineEvent, 'seq'>[];
  contact?: StoredContact;
  /** The response it came from: its contact fields are removed in the same transaction. */
  fromResponse?: { responseId: string; hadContact: boolean };
  audit?: AuditEntry;
}

export interface CaseStore {
  get(caseId: string): Promise<FollowUpCase | undefined>;
  detail(caseId: string): Promise<CaseDetail | undefined>;
  /** 'exists' when a case with that id is already there (idempotent opening). */
  open(w: OpenCaseWrite): Promise<'created' | 'exists'>;
  /**
   * Writes `next` if the stored version is still that of `previous` (the case as the caller read
   * it); else `VersionConflictError`.
   */
  save(
    next: FollowUpCase,
    previous: FollowUpCase,
    events: Omit<TimelineEvent, 'seq'>[],
    opts?: { audit?: AuditEntry; contactExpiresAt?: number; appeal?: Appeal; exclusion?: ExclusionWrite },
  ): Promise<void>;
  /**
   * One page of the cases in a node's inbox (its subtree's, and those handed to it) opened in
   * [fromIso, toIso], newest first, after the position `after`; `last` is where the page ended
   * when more may follow. A page filtered by status may hold fewer than `limit` cases.
   */
  inboxPage(
    nodeId: string,
    range: { fromIso: string; toIso: string },
    page: { limit: number; status?: string; after?: string },
  ): Promise<{ cases: FollowUpCase[]; last?: string }>;
  /** Every case in a node's inbox opened in [fromIso, toIso]. */
  inbox(nodeId: string, range: { fromIso: string; toIso: string }): Promise<FollowUpCase[]>;
  /** Open cases the escalation job must look at on or before Beijing day `day` (`YYYY-MM-DD`). */
  dueCases(day: string): Promise<FollowUpCase[]>;
  removeResponseContact(responseId: string): Promise<void>;
  getResponse(responseId: string): Promise<ResponseForExclusion | undefined>;
  listAppeals(provinceId: string): Promise<Appeal[]>;
  responseIdForReceipt(receipt: string): Promise<string | undefined>;
  appendAudit(entry: AuditEntry): Promise<void>;
}

/** A compensating aggregate update: the counters of one response, subtracted from its day. */
export interface ExclusionWrite {
  response: ResponseForExclusion;
  /** The response's contribution, negated; absent when the response was already excluded. */
  negatedDelta?: AggregateDelta;
  reason: string;
  at: string;
}

export interface VisitStore {
  putVisit(v: Visit, audit: AuditEntry): Promise<void>;
  getVisit(visitId: string): Promise<{ visit: Visit; caseIds: string[] } | undefined>;
  listVisits(unitId: string, fromDay: string, toDay: string): Promise<Visit[]>;
  /**
   * Stores a visit's new code and records it on the visit, if the visit's code is still
   * `previousTokenId` (none: no code yet), with the audit entry, in one transaction.
   */
  issueVisitQr(
    token: QrTokenRecord,
    qr: VisitQr,
    previousTokenId: string | undefined,
    audit: AuditEntry,
  ): Promise<void>;
}

/** Settings of the follow-up workflow, per deployment and per province. */
export interface CaseSettings {
  deadlines: DeadlinePolicies;
  complaintKeywords?: readonly string[];
  /** Days a contact is kept after its case closes. */
  contactRetentionDays: number;
  /** Working days (holiday supplement, package, statutory rules); the default calendar when absent. */
  calendar?: WorkingCalendar;
  /** Days after the visit date a visit's QR code stays valid (default 7). */
  visitQrValidDays?: number;
}

export const DEFAULT_CASE_SETTINGS: CaseSettings = {
  deadlines: { default: { ackWorkingDays: 1, resolveWorkingDays: 7 } },
  contactRetentionDays: 30,
};
