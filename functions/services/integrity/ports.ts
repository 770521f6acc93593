/** Ports of ballot integrity: what its use cases need from storage. `db/integrity-repository.ts` implements them. */

import type { BallotKind } from '../../domain/integrity/ballot-token';
import type { SecretLife } from '../../domain/integrity/secret-rotation';
import type { CounterName, IntegrityVerdict } from '../../domain/integrity/signals';
import type { TransactionRef } from '../../domain/integrity/transaction-ballot';
import type { NewSubmission, QrTokenRecord } from '../ports';

/**
 * The quiet-limit counters of one submission, stored with the response: the Responses stream adds
 * the ballot to them (count-on-stream.ts), and a pattern found later finds its first ballots.
 */
export interface IntegrityCounterSet {
  servicePointId: string;
  day: string;
  /** The Monday of the day's calendar week, for the weekly counters. */
  week?: string;
  /** The ballot's id for the per-token limit: static token id, rotating ballot id or one-time hash. */
  ballotKey: string;
  deviceHash?: string;
  network?: string;
  /** The Beijing minute of the submission (`hhmm`): the burst counter's item is per minute. */
  burstMinute?: string;
  /** Length of the sliding burst window in minutes (the minutes before `burstMinute` it sums). */
  burstMinutes?: number;
  /** Hash of the answers, to count identical answer sets. */
  answersHash: string;
  /**
   * Each counter's cap as the deployment and the province set it when the ballot came (absent on
   * ballots stored before caps were kept with them: those are not counted again).
   */
  caps?: Record<CounterName, number>;
}

/** What the integrity checks add to a submission's one transaction. */
export interface IntegrityWrite {
  verdict: IntegrityVerdict;
  ballotKind: BallotKind;
  counters: IntegrityCounterSet;
  /** The histogram bucket of a counted ballot's completion time, and the partition it goes to. */
  completion?: { bucket: number; partition: number };
  /** A one-time token to burn in the same transaction. */
  oneTimeTokenHash?: string;
  /** An ALTCHA challenge to mark spent in the same transaction. */
  altcha?: { challengeHash: string; expiresAt: number };
  /** Now, epoch seconds: a one-time token must not be expired at commit. */
  nowSeconds: number;
  /** The transaction (办件) a one-time ballot of a business system was issued for. */
  transaction?: TransactionRef;
}

/** A submission with its integrity verdict: stored as a response with `integrity`, counted or quarantined. */
export type CheckedSubmission = NewSubmission & { integrity?: IntegrityWrite };

/** A one-time token as stored (by hash). */
export interface OneTimeTokenRecord {
  tokenHash: string;
  tokenId: string;
  servicePointId: string;
  unitId: string;
  questionnaireId: string;
  state: 'issued' | 'used';
  issuedAt: string;
  /** Epoch seconds; also the table's TTL attribute. */
  expiresAt: number;
  issuedBy: string;
  /** Set on a ballot issued for one transaction of a business system (一事一评). */
  transaction?: TransactionRef;
}

/** A key held by a queue or transaction system, scoped to a unit or a service point. */
export interface IntegrationKeyRecord extends SecretLife {
  secretHash: string;
  scopeNodeId: string;
  label: string;
  status: 'active' | 'revoked';
  createdAt: string;
}

/** A window display, authenticated by its secret, showing rotating codes for one static QR token. */
export interface DisplayRecord extends SecretLife {
  secretHash: string;
  servicePointId: string;
  tokenId: string;
  status: 'active' | 'revoked';
  createdAt: string;
}

/** Reads the integrity checks need before a submission's transaction. */
/** One counter a submission adds itself to, with the cap it must stay under. */
export interface CounterAddition {
  name: CounterName;
  cap: number;
}

/**
 * What adding a submission to its counters found: the counters that had already reached their
 * caps without it, and the burst count (other ballots in the sliding window), when asked.
 */
export interface CounterOutcome {
  reached: CounterName[];
  burst?: number;
}

/**
 * Adds one submission to its quiet-limit counters, each a single item written on its own (never in
 * a transaction), idempotently: a counter holds the keys of the submissions it counted, at most
 * `cap` of them, so a retry of the same submission is not counted again.
 */
export interface CounterStore {
  addToCounters(
    counters: IntegrityCounterSet,
    additions: readonly CounterAddition[],
    ballot: { submissionKey: string; responseId: string },
  ): Promise<CounterOutcome>;
}

export interface IntegrityReader {
  /** The completion-time histogram of a questionnaire version over today and yesterday. */
  completionHistogram(questionnaireId: string, version: number, day: string): Promise<number[]>;
  /** The unit's own network ranges (configured per unit). */
  unitNetworks(unitId: string): Promise<string[]>;
  getOneTimeToken(tokenHash: string): Promise<OneTimeTokenRecord | undefined>;
}

/** Stores and reads the secrets of integrations and displays, and issues one-time tokens. */
export interface BallotIssuerStore {
  getIntegrationKey(secretHash: string): Promise<IntegrationKeyRecord | undefined>;
  getDisplay(secretHash: string): Promise<DisplayRecord | undefined>;
  putOneTimeTokens(records: readonly OneTimeTokenRecord[]): Promise<void>;
  /**
   * Stores the ballot of one transaction unless the unit already has one for that 办件编号, in
   * which case the stored one is returned unchanged (also when two calls race). The transaction's
   * record is kept until `retainUntil` (epoch seconds), well beyond the ballot's expiry, so a late
   * repeat cannot issue the transaction a second ballot.
   */
  putTransactionBallot(
    record: OneTimeTokenRecord & { transaction: TransactionRef },
    retainUntil: number,
  ): Promise<{ created: boolean; record: OneTimeTokenRecord }>;
  /** The newest active static QR token of a service point. */
  activeQrToken(servicePointId: string): Promise<QrTokenRecord | undefined>;
}

/** The submission store as the checked use case needs it: the same store, taking the integrity write. */
export interface CheckedSubmissionStore {
  saveSubmission(s: CheckedSubmission): Promise<import('../ports').SaveSubmissionOutcome>;
  getSubmission(
    servicePointId: string,
    submissionId: string,
  ): Promise<import('../ports').StoredSubmission | undefined>;
}

/** The site's base URL, or its loader (in AWS read from SSM on first use, see handlers/public-base-url.ts). */
export type BaseUrlSource = string | (() => Promise<string>);

export const resolveBaseUrl = async (source: BaseUrlSource): Promise<string> =>
  typeof source === 'string' ? source : source();
