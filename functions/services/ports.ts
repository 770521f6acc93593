/**
 * Ports: what the services need from storage and time. `db/` implements them against
 * DynamoDB; tests may implement them in memory. Services never see SDK types.
 */
import type { AggregateDelta } from '../domain/aggregate';
import type { OrgNode } from '../domain/org';
import type { Locale } from '../schemas/locales';
import type { QuestionnaireVersion } from '../schemas/questionnaire';
import type { Answers } from '../schemas/submission';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export type QrTokenStatus = 'active' | 'revoked';

/** A stored QR token: what it binds, and whether it is still accepted. */
export interface QrTokenRecord {
  tokenId: string;
  servicePointId: string;
  unitId: string;
  questionnaireId: string;
  status: QrTokenStatus;
  createdAt: string;
  /** A visit's own code: submissions through it are tagged with the visit (signed into the token). */
  visitId?: string;
  /** When the code stops being accepted (visit codes only; ISO instant). */
  expiresAt?: string;
  /**
   * Set when the code was rotated: the code that replaced it (same window and questionnaire).
   * Window displays follow it, so rotating a window's code does not darken its screen.
   */
  replacedBy?: string;
  /** The language the form opens in for this code (a window serving Mongolian speakers); Chinese when unset. */
  locale?: Locale;
}

export interface DirectoryReader {
  getQrToken(tokenId: string): Promise<QrTokenRecord | undefined>;
  getNodes(ids: readonly string[]): Promise<Map<string, OrgNode>>;
}

export interface QuestionnaireReader {
  getVersion(questionnaireId: string, version: number): Promise<QuestionnaireVersion | undefined>;
  getLatestPublished(questionnaireId: string): Promise<QuestionnaireVersion | undefined>;
}

/**
 * The current status of one version, read fresh (never cached). A version's content never changes
 * once published, so it may come from a cache; only its status moves (published → archived).
 */
export interface VersionStatusReader {
  versionStatus(
    questionnaireId: string,
    version: number,
  ): Promise<QuestionnaireVersion['status'] | undefined>;
}

/** Everything written, atomically, when a citizen's submission is accepted. */
export interface NewSubmission {
  responseId: string;
  submissionId: string;
  receipt: string;
  tokenId: string;
  servicePointId: string;
  unitId: string;
  questionnaireId: string;
  version: number;
  answers: Answers;
  contentHash: string;
  locale: string;
  startedAt: string;
  submittedAt: string;
  day: string;
  lowestLevel?: number;
  hasComment: boolean;
  delta: AggregateDelta;
  /** The aggregate shard (0 … AGGREGATE_SHARDS−1) this ballot is counted into; stored with it. */
  aggregateShard: number;
  /** The visit whose code was scanned: its counter is incremented in the same transaction. */
  visitId?: string;
  /** The callback phone, encrypted bound to the response; never the plaintext. */
  contactCipher?: string;
  contactMasked?: string;
  contactConsentVersion?: string;
}

/** The idempotency record of an accepted submission: what a replay gets back. */
export interface StoredSubmission {
  responseId: string;
  receipt: string;
  submittedAt: string;
  contentHash: string;
}

export type SaveSubmissionOutcome = 'created' | 'alreadyExists';

export interface SubmissionStore {
  /**
   * Writes the response, its idempotency record, its receipt and both daily aggregates in
   * one transaction, conditional on the submission being new and the token still active.
   */
  saveSubmission(s: NewSubmission): Promise<SaveSubmissionOutcome>;
  getSubmission(servicePointId: string, submissionId: string): Promise<StoredSubmission | undefined>;
}
