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
  type CounterName,
  counterCaps,
  isStraightLined,
  type PriorCounts,
  scoreIntegrity,
} from '../../domain/integrity/signals';
import { contentHash } from '../../domain/receipt';
import { isSatisfactionLevel } from '../../domain/satisfaction';
import { beijingMinuteOfDay } from '../../domain/service-day';
import type { QuestionnaireContent } from '../../schemas/questionnaire';
import type { Answers } from '../../schemas/submission';
import { CounterMemo, counterId } from './counter-memo';
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
  /** What this process knows of the quiet-limit counters (one per process; a fresh one forgets). */
  memo?: CounterMemo;
}

/** The request facts the checks use; the address is bucketed here and never stored whole. */
export interface SubmissionContext {
  clientAddress?: string;
}

const burstSlot = (at: Date, minutes: number): string => {
  const m = beijingMinuteOfDay(at);
  const slot = m - (m % minutes);
  return `${String(Math.floor(slot / 60)).padStart(2, '0')}${String(slot % 60).padStart(2, '0')}`;
};

/**
 * The prior counts as far as the memo knows them, and the caps the transaction must assert for the
 * counters not known to have reached theirs (so the verdict is exactly what a read would give).
 */
function knownCounts(
  memo: CounterMemo,
  counters: IntegrityCounterSet,
  caps: Record<CounterName, number>,
): { counts: PriorCounts; assumedBelow: Partial<Record<CounterName, number>> } {
  const assumedBelow: Partial<Record<CounterName, number>> = {};
  const known = (name: CounterName): number | undefined => {
    const id = counterId(counters, name);
    if (id === undefined) return undefined;
    const n = memo.lowerBound(id);
    if (n < caps[name]) assumedBelow[name] = caps[name];
    return n;
  };
  const counts: PriorCounts = {
    token: known('token') ?? 0,
    device: known('device'),
    deviceAllPoints: known('deviceAllPoints'),
    network: known('network'),
    burst: known('burst') ?? 0,
    sameAnswers: known('sameAnswers') ?? 0,
  };
  return { counts, assumedBelow };
}

/** Records what a cancelled transaction taught: these counters had reached the caps it asserted. */
export function learnReached(memo: CounterMemo, w: IntegrityWrite, reached: readonly CounterName[]): void {
  for (const name of reached) {
    const id = counterId(w.counters, name);
    const cap = w.assumedBelow[name];
    if (id !== undefined && cap !== undefined) memo.learn(id, cap);
  }
}

/**
 * 1. Buckets the client network, hashes the device id, hashes the answers.
 * 2. Takes the counters of this service point and day from what the process has learnt (no read:
 *    see counter-memo.ts): a counter known to have reached its cap is scored as such, every other
 *    one is asserted under its cap by the transaction. Reads the unit's own network ranges and the
 *    completion-time histogram (both cached) in parallel.
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
  const counters = {
    servicePointId: input.servicePointId,
    day: input.day,
    ballotKey: input.ballot.key,
    deviceHash: device,
    network: network.bucket,
    burstSlot: burstSlot(input.now, settings.limits.burstMinutes),
    answersHash: contentHash(input.answers).slice(0, 24),
  };
  const caps = counterCaps(settings, input.ballot.kind, network.family);
  const { counts, assumedBelow } = knownCounts(deps.memo ?? new CounterMemo(16), counters, caps);
  const [unitRanges, histogram] = await Promise.all([
    deps.reader.unitNetworks(input.unitId),
    deps.reader.completionHistogram(input.questionnaireId, input.version, input.day),
  ]);
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
    assumedBelow,
    countersExpireAt: Math.floor(Date.parse(`${input.day}T00:00:00Z`) / 1000) + 3 * 86_400,
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
