/**
 * Use cases: the province's quarantine review queue. Listing is for province readers
 * (`integrity:read`: province admins and auditors); releasing and rejecting for province admins
 * (`quarantine:review`), never the rated unit or anyone at or below it. Every decision is audited
 * in the transaction that records it.
 */
import { ForbiddenError, OutOfScopeError, type Principal, requireAction } from '../../domain/access';
import { type AggregateDelta, aggregateDelta } from '../../domain/aggregate';
import { type AuditEntry, auditEntry } from '../../domain/audit';
import { ConflictError, NotFoundError } from '../../domain/errors';
import { isWithin, type OrgNode } from '../../domain/org';
import { awaitsReview, type QuarantineDecision, type QuarantineReview } from '../../domain/quarantine-review';
import { decodeInstantCursor, encodeInstantCursor, queryFingerprint } from '../cursor-codec';
import type { Clock, QuestionnaireReader } from '../ports';
import { requirePeriod } from './period';
import type { RetroResponse } from './quarantine-earlier';
import type { QuarantineCountsLike } from './report-ports';

/** A stored ballot as the review reads it. */
export interface ReviewBallot extends RetroResponse {
  submittedAt: string;
  receipt: string;
  lowestLevel?: number;
  hasComment?: boolean;
  review?: QuarantineReview;
}

export interface QuarantineReviewStore {
  /** The quarantine counters of each window and day (which units have ballots waiting). */
  quarantineBetween(fromDay: string, toDay: string): Promise<QuarantineCountsLike[]>;
  /**
   * A unit's ballots of service days `fromDay`..`toDay` that are quarantined and not decided, newest
   * first, page by page as read (the caller stops when it has enough); with `before`, only those
   * submitted before that position.
   */
  pendingOfUnit(
    unitId: string,
    fromDay: string,
    toDay: string,
    before?: QueuePosition,
  ): AsyncIterable<ReviewBallot[]>;
  getBallot(responseId: string): Promise<ReviewBallot | undefined>;
  /**
   * Records a release, if the ballot still awaits review: it is counted (its delta added to the
   * window's and the unit's daily aggregates), leaves the quarantine counter, and the audit entry
   * is written, all in one transaction. False when the ballot changed meanwhile.
   */
  release(
    b: ReviewBallot,
    delta: AggregateDelta,
    review: QuarantineReview,
    audit: AuditEntry,
  ): Promise<boolean>;
  /** Records a rejection, if the ballot still awaits review, with its audit entry. False when it changed. */
  reject(b: ReviewBallot, review: QuarantineReview, audit: AuditEntry): Promise<boolean>;
}

export interface QuarantineReviewDeps {
  store: QuarantineReviewStore;
  questionnaires: QuestionnaireReader;
  getNodes(ids: readonly string[]): Promise<Map<string, OrgNode>>;
  /** Opens the case of a counted ballot if it is a bad review (idempotent). */
  openCase(ballot: ReviewBallot): Promise<string>;
  clock: Clock;
  newId: () => string;
}

/** One line of the queue: what a reviewer needs to judge, never the citizen's contact. */
export interface QueueItem {
  responseId: string;
  unitId: string;
  unitName?: OrgNode['name'];
  servicePointId: string;
  day: string;
  submittedAt: string;
  questionnaireId: string;
  version: number;
  answers: ReviewBallot['answers'];
  lowestLevel?: number;
  hasComment?: boolean;
  flags: string[];
  score: number;
  /** Counted at first and taken back when a later ballot showed the pattern. */
  retroactive: boolean;
}

const MAX_DAYS = 31;

/** Where a queue page ended: its last ballot (submission instant, then id: unique). */
export interface QueuePosition {
  submittedAt: string;
  responseId: string;
}

/** Newest first; a tie on the instant by response id, descending, as the unit's index sorts them. */
const newestFirst = (a: QueuePosition, b: QueuePosition) =>
  b.submittedAt.localeCompare(a.submittedAt) || b.responseId.localeCompare(a.responseId);

/** Up to `n` of a unit's ballots awaiting review, newest first, before `before`: reads no more pages than that takes. */
async function firstAwaiting(
  deps: QuarantineReviewDeps,
  unitId: string,
  q: { from: string; to: string },
  n: number,
  before: QueuePosition | undefined,
): Promise<ReviewBallot[]> {
  const out: ReviewBallot[] = [];
  for await (const page of deps.store.pendingOfUnit(unitId, q.from, q.to, before)) {
    out.push(...page.filter(awaitsReview));
    if (out.length >= n) break;
  }
  return out.slice(0, n);
}

/**
 * 1. Reads which units have quarantined ballots in the period (the quarantine counters).
 * 2. Keeps the units in the caller's scope.
 * 3. Reads from each of them, newest first and from where the cursor says the previous page
 *    ended, just enough undecided ballots to fill the page, and merges them newest first.
 * 4. Returns one page (`limit` ballots), and a cursor when more follow: a queue that an attack
 *    filled with thousands is read and sent a page at a time, never all at once.
 */
export async function quarantineQueue(
  deps: QuarantineReviewDeps,
  p: Principal,
  q: { from: string; to: string; cursor?: string; limit: number },
): Promise<{ from: string; to: string; items: QueueItem[]; nextCursor?: string }> {
  requireAction(p, 'integrity:read');
  requirePeriod(q.from, q.to, MAX_DAYS);
  const fingerprint = queryFingerprint({ from: q.from, to: q.to, scope: p.scopeId });
  const position = q.cursor === undefined ? undefined : decodeInstantCursor(q.cursor, fingerprint);
  const before = position && { submittedAt: position.at, responseId: position.id };
  const rows = await deps.store.quarantineBetween(q.from, q.to);
  const unitIds = [...new Set(rows.filter((r) => r.quarantined > 0).map((r) => r.unitId))];
  const nodes = unitIds.length > 0 ? await deps.getNodes(unitIds) : new Map<string, OrgNode>();
  const inScope = unitIds.filter((id) => {
    const n = nodes.get(id);
    return n !== undefined && isWithin(n, p.scopeId);
  });
  // One more than the page: whether another page follows.
  const read = await Promise.all(inScope.map((u) => firstAwaiting(deps, u, q, q.limit + 1, before)));
  const ballots = read.flat().sort(newestFirst);
  const page = ballots.slice(0, q.limit);
  const items = page.map(
    (b): QueueItem => ({
      responseId: b.responseId,
      unitId: b.unitId,
      unitName: nodes.get(b.unitId)?.name,
      servicePointId: b.servicePointId,
      day: b.day,
      submittedAt: b.submittedAt,
      questionnaireId: b.questionnaireId,
      version: b.version,
      answers: b.answers,
      lowestLevel: b.lowestLevel,
      hasComment: b.hasComment,
      flags: b.integrity?.flags ?? [],
      score: b.integrity?.score ?? 0,
      retroactive: (b.excludedFromScores as { by?: string } | undefined)?.by === 'integrity',
    }),
  );
  const last = page.at(-1);
  if (ballots.length <= q.limit || !last) return { from: q.from, to: q.to, items };
  return {
    from: q.from,
    to: q.to,
    items,
    nextCursor: encodeInstantCursor(fingerprint, { at: last.submittedAt, id: last.responseId }),
  };
}

/** The ballot, in the caller's scope and above its unit; the province decides, never the unit. */
async function loadForDecision(deps: QuarantineReviewDeps, p: Principal, responseId: string) {
  requireAction(p, 'quarantine:review');
  const b = await deps.store.getBallot(responseId);
  if (!b) throw new NotFoundError('评价', 'Ballot');
  const unit = (await deps.getNodes([b.unitId])).get(b.unitId);
  if (!unit || !isWithin(unit, p.scopeId)) throw new OutOfScopeError();
  if (isWithin({ path: p.scopePath }, b.unitId)) throw new ForbiddenError();
  return { b, unit };
}

/** The decision and its audit entry. */
function decisionOf(
  deps: QuarantineReviewDeps,
  p: Principal,
  b: ReviewBallot,
  unit: OrgNode,
  status: QuarantineDecision,
  note: string,
): { review: QuarantineReview; audit: AuditEntry } {
  const now = deps.clock.now();
  return {
    review: { status, at: now.toISOString(), by: p.userId, note },
    audit: auditEntry(p, now, deps.newId(), {
      action: status === 'released' ? 'quarantine.release' : 'quarantine.reject',
      targetType: 'response',
      targetId: b.responseId,
      targetPath: unit.path,
      before: { quarantined: true, flags: b.integrity?.flags ?? [] },
      after: { counted: status === 'released', note },
    }),
  };
}

const alreadyDecided = (status: QuarantineDecision) =>
  new ConflictError(
    'QUARANTINE_DECIDED',
    status === 'released' ? '该评价已放行，不能再驳回' : '该评价已驳回，不能再放行',
    status === 'released'
      ? 'This ballot was released; it cannot be rejected'
      : 'This ballot was rejected; it cannot be released',
  );

const notInQueue = () =>
  new ConflictError(
    'NOT_IN_QUARANTINE',
    '该评价不在隔离复核队列中（未被隔离、已因申诉剔除，或已由市民撤回）',
    'This ballot is not waiting for review (not quarantined, excluded by an appeal, or withdrawn by the citizen)',
  );

export interface ReviewOutcome {
  responseId: string;
  review: QuarantineReview;
  /** After a release: what became of its case (`opened`, `exists`, `not-bad`, …). */
  case?: string;
}

/**
 * One decision, retried when the ballot changed between read and write:
 * 1. Loads the ballot (province reviewer, in scope, above the unit).
 * 2. Decided the same way already: answers again (`again`); decided the other way: 409.
 * 3. Not waiting for review (counted, excluded by an appeal, or withdrawn by the citizen): 409.
 * 4. Writes the decision with its audit entry (`write`), conditional on the ballot still waiting.
 */
async function decide(
  deps: QuarantineReviewDeps,
  p: Principal,
  responseId: string,
  status: QuarantineDecision,
  note: string,
  again: (b: ReviewBallot, review: QuarantineReview) => Promise<ReviewOutcome>,
  write: (b: ReviewBallot, review: QuarantineReview, audit: AuditEntry) => Promise<ReviewOutcome | undefined>,
): Promise<ReviewOutcome> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const { b, unit } = await loadForDecision(deps, p, responseId);
    if (b.review?.status === status) return again(b, b.review);
    if (b.review) throw alreadyDecided(b.review.status);
    if (!awaitsReview(b)) throw notInQueue();
    const { review, audit } = decisionOf(deps, p, b, unit, status, note);
    const outcome = await write(b, review, audit);
    if (outcome) return outcome;
  }
  throw notInQueue();
}

/**
 * Release: the ballot's contribution is added to the official aggregates and it leaves the
 * quarantine counter, on condition that it still awaits review, with the audit entry, in one
 * transaction; then its case opens, so the unit sees a counted bad review and only that. A
 * replay answers again and opens the case if a crash left it unopened; a rejected ballot is
 * never released.
 */
export function releaseQuarantined(
  deps: QuarantineReviewDeps,
  p: Principal,
  responseId: string,
  note: string,
): Promise<ReviewOutcome> {
  return decide(
    deps,
    p,
    responseId,
    'released',
    note,
    async (b, review) => ({ responseId, review, case: await deps.openCase(b) }),
    async (b, review, audit) => {
      const version = await deps.questionnaires.getVersion(b.questionnaireId, b.version);
      if (!version) throw new NotFoundError('问卷版本', 'Questionnaire version');
      if (!(await deps.store.release(b, aggregateDelta(version.content, b.answers), review, audit))) {
        return undefined;
      }
      const released: ReviewBallot = {
        ...b,
        integrity: b.integrity && { ...b.integrity, quarantined: false },
        excludedFromScores: undefined,
        review,
      };
      return { responseId, review, case: await deps.openCase(released) };
    },
  );
}

/**
 * Reject: the decision is recorded with its audit entry; the ballot stays out of the aggregates
 * and no case opens for it. A replay answers again; a released ballot is never rejected (an
 * appeal is the way to contest a counted ballot).
 */
export function rejectQuarantined(
  deps: QuarantineReviewDeps,
  p: Principal,
  responseId: string,
  note: string,
): Promise<ReviewOutcome> {
  return decide(
    deps,
    p,
    responseId,
    'rejected',
    note,
    async (_b, review) => ({ responseId, review }),
    async (b, review, audit) =>
      (await deps.store.reject(b, review, audit)) ? { responseId, review } : undefined,
  );
}
