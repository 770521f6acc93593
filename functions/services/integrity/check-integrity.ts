/** Scores one submission's integrity and prepares what its transaction writes (issue 6). */

import {
  completionBucket,
  completionFloorSeconds,
  completionSeconds,
  histogramMedian,
  histogramShard,
} from '../../domain/integrity/completion-time';
import { deviceHash } from '../../domain/integrity/device';
import { inRanges, networkBucket } from '../../domain/integrity/network';
import type { IntegrityDefaults, IntegritySettings } from '../../domain/integrity/settings';
import { cstMinuteOfDay, isStraightLined, scoreIntegrity } from '../../domain/integrity/signals';
import { contentHash } from '../../domain/receipt';
import { isSatisfactionLevel } from '../../domain/satisfaction';
import type { QuestionnaireContent } from '../../schemas/questionnaire';
import type { Answers } from '../../schemas/submission';
import type { IntegrityReader, IntegrityWrite } from './ports';
import type { ResolvedBallot } from './resolve-ballot';

/** What the integrity checks need, wired once. */
export interface IntegrityDeps {
  reader: IntegrityReader;
  /** Signs rotating display codes (derived from the QR key). */
  rotatingKey: Buffer;
  /** Keys device-id hashes. */
  deviceKey: Buffer;
  /** Signs ALTCHA challenges. */
  altchaKey: string;
  defaults: IntegrityDefaults;
}

/** The request facts the checks use; the address is bucketed here and never stored whole. */
export interface SubmissionContext {
  clientAddress?: string;
}

const burstSlot = (at: Date, minutes: number): string => {
  const m = cstMinuteOfDay(at);
  const slot = m - (m % minutes);
  return `${String(Math.floor(slot / 60)).padStart(2, '0')}${String(slot % 60).padStart(2, '0')}`;
};

/**
 * 1. Buckets the client network, hashes the device id, hashes the answers.
 * 2. Reads every counter of this service point and day in one BatchGet, the unit's own network
 *    ranges and the completion-time histogram (both cached), in parallel.
 * 3. Scores the signals; a score of 1 or more quarantines the ballot.
 * 4. Returns the write: counters to increment, histogram bucket, quarantine or official counting.
 */
export async function checkIntegrity(
  deps: IntegrityDeps,
  settings: IntegritySettings,
  input: {
    content: QuestionnaireContent;
    questionnaireId: string;
    version: number;
    servicePointId: string;
    unitId: string;
    day: string;
    now: Date;
    answers: Answers;
    startedAt: string;
    deviceId?: string;
    ballot: ResolvedBallot;
    altcha?: { challengeHash: string; expiresAt: number };
  },
  ctx: SubmissionContext,
): Promise<IntegrityWrite> {
  const network = networkBucket(ctx.clientAddress);
  const device = input.deviceId ? deviceHash(deps.deviceKey, input.deviceId) : undefined;
  const counters = {
    servicePointId: input.servicePointId,
    day: input.day,
    ballotKey: input.ballot.key,
    deviceHash: device,
    network: network?.bucket,
    burstSlot: burstSlot(input.now, settings.limits.burstMinutes),
    answersHash: contentHash(input.answers).slice(0, 24),
  };
  const [counts, unitRanges, histogram] = await Promise.all([
    deps.reader.readCounters(counters),
    deps.reader.unitNetworks(input.unitId),
    deps.reader.completionHistogram(input.questionnaireId, input.version, input.day),
  ]);
  const questions = input.content.questions;
  const required = questions.filter((q) => q.required).length;
  const seconds = completionSeconds(input.startedAt, input.now);
  const levels = questions
    .filter((q) => q.type === 'satisfaction')
    .map((q) => input.answers[q.id])
    .filter(isSatisfactionLevel);
  const verdict = scoreIntegrity(
    {
      at: input.now,
      ballotKind: input.ballot.kind,
      counts,
      hasDevice: device !== undefined,
      networkFamily: network?.family,
      fromUnitNetwork: inRanges(ctx.clientAddress, [...settings.unitNetworks, ...unitRanges]),
      completionSeconds: seconds,
      floorSeconds: completionFloorSeconds(required, questions.length - required),
      median: histogramMedian(histogram),
      straightLined: isStraightLined(levels),
    },
    settings,
  );
  return {
    verdict,
    ballotKind: input.ballot.kind,
    counters,
    countersExpireAt: Math.floor(Date.parse(`${input.day}T00:00:00Z`) / 1000) + 3 * 86_400,
    completion:
      seconds >= 0 && seconds <= 86_400
        ? { bucket: completionBucket(seconds), shard: histogramShard(input.servicePointId) }
        : undefined,
    oneTimeTokenHash: input.ballot.oneTimeTokenHash,
    altcha: input.altcha,
    nowSeconds: Math.floor(input.now.getTime() / 1000),
  };
}
