/** Scores one submission's integrity and prepares what its transaction writes. */

import {
  completionBucket,
  completionFloorSeconds,
  histogramMedian,
  histogramPartition,
} from '../../domain/integrity/completion-time';
import { deviceHash } from '../../domain/integrity/device';
import { inRanges, networkBucket, UNKNOWN_NETWORK } from '../../domain/integrity/network';
import { secondsSinceOpen } from '../../domain/integrity/open-time';
import type { IntegrityDefaults, IntegritySettings } from '../../domain/integrity/settings';
import {
  COUNTER_FLAGS,
  type CounterName,
  counterCaps,
  isStraightLined,
  type PriorCounts,
  scoreIntegrity,
} from '../../domain/integrity/signals';
import { contentHash } from '../../domain/receipt';
import { isSatisfactionLevel } from '../../domain/satisfaction';
import { beijingMinuteOfDay, weekOf } from '../../domain/service-day';
import type { QuestionnaireContent } from '../../schemas/questionnaire';
import type { Answers } from '../../schemas/submission';
import { type CounterMemo, counterId } from './counter-memo';
import type { IntegrityCounterSet, IntegrityReader, IntegrityWrite } from './ports';
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
  /** Signs the form-open time served with the form (open-time.ts). */
  openKey: Buffer;
  defaults: IntegrityDefaults;
  /**
   * What this process stored (one per process; a fresh one forgets): per counter, how many of its
   * ballots the stream will add to it. A counter it has filled flags the next ballot on arrival.
   */
  memo?: CounterMemo;
}

/** The counters a memo counts by their number (the burst window, by the minutes of its ballots). */
const MEMO_COUNTERS: CounterName[] = [
  'token',
  'device',
  'deviceAllPoints',
  'network',
  'networkWeek',
  'sameAnswers',
];

/**
 * Records a stored ballot in the process's memo: each counter it does not already carry the flag
 * of will gain it on the stream unless full, so the counter reaches at least this many (up to its
 * cap). Only stored ballots count, once each: a retry finds the first and stores nothing.
 */
export function rememberStored(memo: CounterMemo | undefined, write: IntegrityWrite): void {
  const caps = write.counters.caps;
  if (!memo || !caps) return;
  for (const name of MEMO_COUNTERS) {
    const id = counterId(write.counters, name);
    if (id === undefined || write.verdict.flags.includes(COUNTER_FLAGS[name])) continue;
    memo.learn(id, Math.min(memo.lowerBound(id) + 1, caps[name]));
  }
  if (!write.verdict.flags.includes('burst')) memo.learnBurst(write.counters, caps.burst);
}

/** The request facts the checks use; the address is bucketed here and never stored whole. */
export interface SubmissionContext {
  clientAddress?: string;
}

const burstMinute = (at: Date): string => {
  const m = beijingMinuteOfDay(at);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}${String(m % 60).padStart(2, '0')}`;
};

/**
 * 1. Buckets the client network, hashes the device id, hashes the answers.
 * 2. Reads the unit's own network ranges and the completion-time histogram (both cached).
 * 3. Scores the signals a ballot carries by itself (hours, speed, unit network, straight-lining,
 *    device id) and the quiet limits this process's own stored ballots have filled (the memo);
 *    a score of 1 or more quarantines the ballot at once.
 * 4. Returns the write: histogram bucket, quarantine or official counting, and the quiet-limit
 *    counters with their caps. The request writes no counter: the Responses stream adds the
 *    ballot to them and takes it back if one was at its cap (count-on-stream.ts), so a quiet
 *    limit costs the citizen's request nothing.
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
    /** The server-signed open time, verified; absent when the speed is unknown. */
    openedAt?: Date;
    deviceId?: string;
    ballot: ResolvedBallot;
    altcha?: { challengeHash: string; expiresAt: number };
  },
  ctx: SubmissionContext,
): Promise<IntegrityWrite> {
  const network = networkBucket(ctx.clientAddress) ?? UNKNOWN_NETWORK;
  const device = input.deviceId ? deviceHash(deps.deviceKey, input.deviceId) : undefined;
  const counters: IntegrityCounterSet = {
    servicePointId: input.servicePointId,
    day: input.day,
    week: weekOf(input.day),
    ballotKey: input.ballot.key,
    deviceHash: device,
    network: network.bucket,
    burstMinute: burstMinute(input.now),
    burstMinutes: settings.limits.burstMinutes,
    answersHash: contentHash(input.answers).slice(0, 24),
    caps: counterCaps(settings, input.ballot.kind, network.family),
  };
  const [unitRanges, histogram] = await Promise.all([
    deps.reader.unitNetworks(input.unitId),
    deps.reader.completionHistogram(input.questionnaireId, input.version, input.day),
  ]);
  // What this process knows its own earlier ballots filled (else 0): the stream counts the rest.
  const known = (name: CounterName) => {
    const id = counterId(counters, name);
    return id === undefined ? undefined : (deps.memo?.lowerBound(id) ?? 0);
  };
  const counts: PriorCounts = {
    token: known('token') ?? 0,
    device: known('device'),
    deviceAllPoints: known('deviceAllPoints'),
    network: known('network'),
    networkWeek: known('networkWeek'),
    burst: deps.memo?.burstCount(counters) ?? 0,
    sameAnswers: known('sameAnswers') ?? 0,
  };
  const questions = input.content.questions;
  const required = questions.filter((q) => q.required).length;
  const seconds = secondsSinceOpen(input.openedAt, input.now);
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
      networkFamily: network.family,
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
    completion:
      seconds !== undefined && seconds >= 0
        ? { bucket: completionBucket(seconds), partition: histogramPartition(input.servicePointId) }
        : undefined,
    oneTimeTokenHash: input.ballot.oneTimeTokenHash,
    transaction: input.ballot.transaction,
    altcha: input.altcha,
    nowSeconds: Math.floor(input.now.getTime() / 1000),
  };
}
