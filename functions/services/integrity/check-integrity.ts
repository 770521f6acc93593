/** Scores one submission's integrity and prepares what its transaction writes. */

import { createHash } from 'node:crypto';
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
import { beijingMinuteOfDay, weekOf } from '../../domain/service-day';
import type { QuestionnaireContent } from '../../schemas/questionnaire';
import type { Answers } from '../../schemas/submission';
import { CounterMemo, counterId } from './counter-memo';
import type {
  CounterAddition,
  CounterStore,
  IntegrityCounterSet,
  IntegrityReader,
  IntegrityWrite,
} from './ports';
import type { ResolvedBallot } from './resolve-ballot';

/** What the integrity checks need, wired once. */
export interface IntegrityDeps {
  reader: IntegrityReader;
  /** The quiet-limit counters each submission adds itself to. */
  counters: CounterStore;
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

const burstMinute = (at: Date): string => {
  const m = beijingMinuteOfDay(at);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}${String(m % 60).padStart(2, '0')}`;
};

/** The short key a counter holds for one submission (its window's idempotency key, hashed). */
const submissionKey = (servicePointId: string, submissionId: string): string =>
  createHash('sha256').update(`${servicePointId}|${submissionId}`).digest('base64url').slice(0, 8);

/**
 * Adds the submission to its counters and returns the counts the scoring needs: a counter known
 * (from the memo) or found to have reached its cap counts as its cap, any other as under it; the
 * burst count is the sliding window's. What was found reached is learnt, so the next ballot
 * does not write that counter again.
 */
async function countBallot(
  deps: Pick<IntegrityDeps, 'counters'> & { memo: CounterMemo },
  counters: IntegrityCounterSet,
  caps: Record<CounterName, number>,
  ballot: { submissionKey: string; responseId: string },
): Promise<PriorCounts> {
  const names: CounterName[] = [
    'token',
    'device',
    'deviceAllPoints',
    'network',
    'networkWeek',
    'sameAnswers',
  ];
  const additions: CounterAddition[] = [{ name: 'burst', cap: caps.burst }];
  const known: Partial<Record<CounterName, number>> = {};
  for (const name of names) {
    const id = counterId(counters, name);
    if (id === undefined) continue;
    const n = deps.memo.lowerBound(id);
    if (n >= caps[name]) known[name] = n;
    else additions.push({ name, cap: caps[name] });
  }
  const outcome = await deps.counters.addToCounters(counters, additions, ballot);
  for (const name of outcome.reached) {
    const id = counterId(counters, name);
    if (id !== undefined) deps.memo.learn(id, caps[name]);
    known[name] = caps[name];
  }
  const count = (name: CounterName) =>
    counterId(counters, name) === undefined ? undefined : (known[name] ?? 0);
  return {
    token: known.token ?? 0,
    device: count('device'),
    deviceAllPoints: count('deviceAllPoints'),
    network: count('network'),
    networkWeek: count('networkWeek'),
    burst: outcome.burst ?? 0,
    sameAnswers: known.sameAnswers ?? 0,
  };
}

/**
 * 1. Buckets the client network, hashes the device id, hashes the answers.
 * 2. Adds the submission to its quiet-limit counters (one conditional write each, side by side,
 *    outside the transaction; none for a counter the process knows to be at its cap; see
 *    counter-memo.ts), and meanwhile reads the unit's own network ranges and the completion-time
 *    histogram (both cached).
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
    /** The submission's idempotency key at its window: a retry adds nothing to the counters. */
    submissionId: string;
    /** The id the response will be stored under (recorded on the retroactive counters). */
    responseId: string;
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
  };
  const caps = counterCaps(settings, input.ballot.kind, network.family);
  const [counts, unitRanges, histogram] = await Promise.all([
    countBallot({ counters: deps.counters, memo: deps.memo ?? new CounterMemo(16) }, counters, caps, {
      submissionKey: submissionKey(input.servicePointId, input.submissionId),
      responseId: input.responseId,
    }),
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
