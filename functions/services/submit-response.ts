/** Use case: a citizen submits the form (possibly again, when the network retried it). */
import { randomUUID } from 'node:crypto';
import { aggregateDelta, lowestLevel } from '../domain/aggregate';
import { validateAnswers } from '../domain/answers';
import { ConflictError, DuplicateSubmissionError, TokenRevokedError } from '../domain/errors';
import { contentHash, newReceipt } from '../domain/receipt';
import { serviceDay } from '../domain/service-day';
import type { QuestionnaireVersion } from '../schemas/questionnaire';
import type { SubmissionBody, SubmissionReceipt } from '../schemas/submission';
import type { Clock, QrTokenRecord, QuestionnaireReader, SubmissionStore } from './ports';
import { resolveToken } from './resolve-token';

export interface SubmitResponseDeps {
  /** Token lookups may be served from a short cache: the transaction re-checks that the token is active. */
  loadToken: (tokenId: string) => Promise<QrTokenRecord | undefined>;
  questionnaires: QuestionnaireReader;
  submissions: SubmissionStore;
  qrKey: Buffer;
  clock: Clock;
}

async function answeredVersion(
  deps: SubmitResponseDeps,
  questionnaireId: string,
  version: number | undefined,
): Promise<QuestionnaireVersion> {
  const found =
    version === undefined
      ? await deps.questionnaires.getLatestPublished(questionnaireId)
      : await deps.questionnaires.getVersion(questionnaireId, version);
  if (found?.status !== 'published') {
    throw new ConflictError(
      'QUESTIONNAIRE_NOT_OPEN',
      '该问卷版本已停止收集，请刷新页面后重新填写',
      'This questionnaire version no longer accepts answers; reload the page',
    );
  }
  return found;
}

/**
 * 1. Resolves the token and the questionnaire version the form showed.
 * 2. Validates the answers against that version.
 * 3. Writes response, idempotency record, receipt and aggregates in one transaction.
 * 4. If the submission id was already used: the same content returns the first receipt,
 *    different content is a 409.
 */
export async function submitResponse(
  deps: SubmitResponseDeps,
  token: string,
  body: SubmissionBody,
): Promise<SubmissionReceipt> {
  const record = await resolveToken(token, deps.qrKey, deps.loadToken);
  const version = await answeredVersion(deps, record.questionnaireId, body.version);
  const answers = validateAnswers(version.content, body.answers);
  const hash = contentHash({ q: record.questionnaireId, v: version.version, answers });
  const now = deps.clock.now();
  const submission = {
    responseId: randomUUID(),
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
  };
  const outcome = await deps.submissions.saveSubmission(submission);
  if (outcome === 'tokenRevoked') throw new TokenRevokedError();
  if (outcome === 'created') {
    return {
      responseId: submission.responseId,
      receipt: submission.receipt,
      submittedAt: submission.submittedAt,
    };
  }
  const existing = await deps.submissions.getSubmission(record.servicePointId, body.submissionId);
  if (!existing || existing.contentHash !== hash) throw new DuplicateSubmissionError();
  return { responseId: existing.responseId, receipt: existing.receipt, submittedAt: existing.submittedAt };
}
