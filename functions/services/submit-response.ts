/** Use case: a citizen submits the form (possibly again, when the network retried it). */
import { randomUUID } from 'node:crypto';
import { aggregateDelta, lowestLevel, pickAggregateShard } from '../domain/aggregate';
import { validateAnswers } from '../domain/answers';
import {
  AppError,
  ConflictError,
  DuplicateSubmissionError,
  TokenRevokedError,
  ValidationError,
  WindowDeactivatedError,
} from '../domain/errors';
import { verifyOpenTime } from '../domain/integrity/open-time';
import { integritySettings } from '../domain/integrity/settings';
import { QuestionnaireArchivedError } from '../domain/questionnaire-lifecycle';
import { contentHash, newReceipt } from '../domain/receipt';
import { serviceDay } from '../domain/service-day';
import type { QuestionnaireVersion } from '../schemas/questionnaire';
import type { SubmissionBody, SubmissionReceipt } from '../schemas/submission';
import type { ContactCipher } from './contact/cipher-port';
import { sealContact } from './contact/seal-contact';
import { verifyAltcha } from './integrity/altcha';
import {
  checkIntegrity,
  type IntegrityDeps,
  rememberStored,
  type SubmissionContext,
} from './integrity/check-integrity';
import type { CheckedSubmissionStore, IntegrityWrite } from './integrity/ports';
import { resolveBallot } from './integrity/resolve-ballot';
import type { Clock, QrTokenRecord, QuestionnaireReader, VersionStatusReader } from './ports';
import { resolveToken } from './resolve-token';
import type { WindowActivity } from './window-activity';

export interface SubmitResponseDeps {
  /** Token lookups may be served from a short cache: `tokenStatus` re-reads whether it is active. */
  loadToken: (tokenId: string) => Promise<QrTokenRecord | undefined>;
  /** The code's current status, read fresh on every submission (a revoked code stops at once). */
  tokenStatus: (tokenId: string) => Promise<QrTokenRecord['status'] | undefined>;
  /** Contents may come from a cache (published versions never change); the status is read fresh. */
  questionnaires: QuestionnaireReader & VersionStatusReader;
  submissions: CheckedSubmissionStore;
  qrKey: Buffer;
  clock: Clock;
  /** Ballot-integrity checks. Absent: no checks, every ballot counts (benchmark baseline). */
  integrity?: IntegrityDeps;
  /** Encrypts the optional callback phone; absent: a phone is not stored. */
  contact?: ContactCipher;
  /** Told when a stored ballot was quarantined (for the QuarantinedBallots metric; never for the client). */
  onQuarantined?: () => void;
  /** Whether the window and every node above it are active (cached up to 30 s). */
  windowActive?: WindowActivity;
}

async function answeredVersion(
  deps: SubmitResponseDeps,
  questionnaireId: string,
  version: number | undefined,
): Promise<QuestionnaireVersion> {
  // A pinned version's content comes from the cache (published versions never change); its status
  // is read fresh alongside, so archiving stops submissions at once without the transaction
  // touching the version item, which every window in the province shares.
  const [found, status] =
    version === undefined
      ? await deps.questionnaires.getLatestPublished(questionnaireId).then((v) => [v, v?.status] as const)
      : await Promise.all([
          deps.questionnaires.getVersion(questionnaireId, version),
          deps.questionnaires.versionStatus(questionnaireId, version),
        ]);
  if (status === 'archived') throw new QuestionnaireArchivedError();
  if (!found || status !== 'published') {
    throw new ConflictError(
      'QUESTIONNAIRE_NOT_OPEN',
      '该问卷版本已停止收集，请刷新页面后重新填写',
      'This questionnaire version no longer accepts answers; reload the page',
    );
  }
  return found;
}

/** The first receipt of this submission id, if it was stored with the same content. */
async function earlierReceipt(
  deps: SubmitResponseDeps,
  servicePointId: string,
  submissionId: string,
  hash: string,
): Promise<SubmissionReceipt | undefined> {
  const existing = await deps.submissions.getSubmission(servicePointId, submissionId);
  if (!existing || existing.contentHash !== hash) return undefined;
  return { responseId: existing.responseId, receipt: existing.receipt, submittedAt: existing.submittedAt };
}

/**
 * The signed open time sent back with the answers. A stamp that does not verify (forged, or served
 * for another QR token) is refused naming the field; a missing one leaves the speed unknown.
 */
function openedAt(key: Buffer, tokenId: string, stamp: string | undefined): Date | undefined {
  if (stamp === undefined) return undefined;
  const at = verifyOpenTime(key, tokenId, stamp);
  if (at) return at;
  throw new ValidationError([
    {
      field: 'opened',
      code: 'invalid_signature',
      message: '问卷打开凭证（opened）无效，请重新扫码打开问卷',
      messageEn: 'The form-open stamp (opened) is not valid; open the form again',
    },
  ]);
}

/**
 * The integrity checks: ballot mode, proof of work, then the signals. A ballot whose
 * code expired or whose proof of work lapsed while it waited in the phone's offline queue may be a
 * retry of a submission already stored: then the first receipt is returned, as for any retry.
 */
async function checkedWrite(
  deps: SubmitResponseDeps & { integrity: IntegrityDeps },
  record: QrTokenRecord,
  version: QuestionnaireVersion,
  body: SubmissionBody,
  answers: SubmissionBody['answers'],
  now: Date,
  ctx: SubmissionContext,
): Promise<IntegrityWrite> {
  const settings = integritySettings(version.content, deps.integrity.defaults);
  const ballot = await resolveBallot(settings, record, body.ballot, now, 'submit', {
    rotatingKey: deps.integrity.rotatingKey,
    reader: deps.integrity.reader,
  });
  const altcha = settings.altcha
    ? await verifyAltcha(deps.integrity.altchaKey, record.tokenId, body.altcha, deps.clock)
    : undefined;
  return checkIntegrity(
    deps.integrity,
    settings,
    {
      content: version.content,
      questionnaireId: record.questionnaireId,
      version: version.version,
      servicePointId: record.servicePointId,
      unitId: record.unitId,
      day: serviceDay(now),
      now,
      answers,
      openedAt: openedAt(deps.integrity.openKey, record.tokenId, body.opened),
      deviceId: body.deviceId,
      ballot,
      altcha,
    },
    ctx,
  );
}

/**
 * 1. Resolves the token and the questionnaire version the form showed; the token's and the
 *    version's status are read fresh, the rest may come from caches. A window deactivated (or
 *    under a deactivated node) refuses with 410 within the window-activity cache's 30 s.
 * 2. Validates the answers against that version.
 * 3. Checks the ballot's integrity: mode, proof of work and the signals the ballot carries by
 *    itself (check-integrity.ts). The quiet limits are counted on the Responses stream, which
 *    takes the ballot back if it was over one (count-on-stream.ts).
 * 4. Writes response (with its verdict), idempotency record, receipt, one random shard of the
 *    official aggregates (or, when quarantined, quarantine counters) and the integrity items in
 *    one transaction, which touches no item a submission at another window touches.
 *    A quarantined ballot gets the same 201 and receipt: the stuffer never learns what triggered.
 * 5. If the submission id was already used: the same content returns the first receipt,
 *    different content is a 409.
 */
export async function submitResponse(
  deps: SubmitResponseDeps,
  token: string,
  body: SubmissionBody,
  ctx: SubmissionContext = {},
): Promise<SubmissionReceipt> {
  const record = await resolveToken(token, deps.qrKey, deps.loadToken);
  const [status, version, open] = await Promise.all([
    deps.tokenStatus(record.tokenId),
    answeredVersion(deps, record.questionnaireId, body.version),
    deps.windowActive?.(record.servicePointId) ?? true,
  ]);
  if (status !== 'active') throw new TokenRevokedError();
  if (!open) throw new WindowDeactivatedError();
  const answers = validateAnswers(version.content, body.answers);
  const hash = contentHash({ q: record.questionnaireId, v: version.version, answers });
  const now = deps.clock.now();
  const responseId = randomUUID();
  let integrity: IntegrityWrite | undefined;
  if (deps.integrity) {
    try {
      integrity = await checkedWrite(
        { ...deps, integrity: deps.integrity },
        record,
        version,
        body,
        answers,
        now,
        ctx,
      );
    } catch (err) {
      const first =
        err instanceof AppError && err.status < 500
          ? await earlierReceipt(deps, record.servicePointId, body.submissionId, hash)
          : undefined;
      if (first) return first;
      throw err;
    }
  }
  const sealed = await sealContact(deps.contact, responseId, body.contact);
  const submission = {
    responseId,
    submissionId: body.submissionId,
    receipt: newReceipt(),
    tokenId: record.tokenId,
    servicePointId: record.servicePointId,
    unitId: record.unitId,
    questionnaireId: record.questionnaireId,
    version: version.version,
    answers,
    contentHash: hash,
    locale: body.locale,
    startedAt: body.startedAt,
    submittedAt: now.toISOString(),
    day: serviceDay(now),
    lowestLevel: lowestLevel(version.content, answers),
    hasComment: version.content.questions.some((q) => q.type === 'text' && answers[q.id] !== undefined),
    delta: aggregateDelta(version.content, answers),
    aggregateShard: pickAggregateShard(),
    // A visit's own code: the response is tagged and the visit's counter incremented
    // in the same transaction.
    visitId: record.visitId,
    integrity,
    ...sealed,
  };
  const outcome = await deps.submissions.saveSubmission(submission);
  if (outcome === 'created') {
    if (integrity) rememberStored(deps.integrity?.memo, integrity);
    if (integrity?.verdict.quarantined) deps.onQuarantined?.();
    return {
      responseId: submission.responseId,
      receipt: submission.receipt,
      submittedAt: submission.submittedAt,
    };
  }
  const first = await earlierReceipt(deps, record.servicePointId, body.submissionId, hash);
  if (!first) throw new DuplicateSubmissionError();
  return first;
}

/** The submission use case bound to its dependencies, as the routes call it. */
export type SubmitService = (
  token: string,
  body: SubmissionBody,
  ctx?: SubmissionContext,
) => Promise<SubmissionReceipt>;

export const submitService =
  (deps: SubmitResponseDeps): SubmitService =>
  (token, body, ctx) =>
    submitResponse(deps, token, body, ctx);
