/**
 * Use case: a pattern that became visible takes back the ballots that built it up.
 *
 * The first ballots of a burst, of a reused device or of a run of identical answers look genuine
 * when they come and are counted. When a later ballot finds the counter at its cap, the earlier
 * ones are flagged too and, if their score now reaches 1, moved from the official aggregates to
 * the quarantine counters: kept, never deleted, no longer counted. Runs on the Responses stream
 * (asynchronously: the stuffer's answers never change), idempotently.
 */

import type { AggregateDelta } from '../../domain/aggregate';
import { aggregateDelta } from '../../domain/aggregate';
import { negateDelta } from '../../domain/cases/exclusion';
import {
  type CounterName,
  type IntegrityFlag,
  type IntegrityVerdict,
  RETROACTIVE_COUNTERS,
  withFlag,
} from '../../domain/integrity/signals';
import type { TransactionRef } from '../../domain/integrity/transaction-ballot';
import type { Answers } from '../../schemas/submission';
import type { Clock, QuestionnaireReader } from '../ports';
import type { IntegrityCounterSet } from './ports';

/** A stored response as far as this use case reads it. */
export interface RetroResponse {
  responseId: string;
  servicePointId: string;
  unitId: string;
  questionnaireId: string;
  version: number;
  day: string;
  answers: Answers;
  /** The aggregate shard the ballot was counted into (absent on ballots stored before sharding). */
  aggregateShard?: number;
  integrity?: IntegrityVerdict;
  integrityCounters?: IntegrityCounterSet;
  excludedFromScores?: unknown;
  transaction?: TransactionRef;
  /** The province's review decision: a reviewed ballot is never taken back again. */
  review?: unknown;
}

export interface RetroQuarantineStore {
  /** The ballots recorded on a counter while it was under its cap, and whether they were taken back. */
  counterBallots(
    counters: IntegrityCounterSet,
    name: CounterName,
  ): Promise<{ responseIds: string[]; done: boolean }>;
  markCounterDone(counters: IntegrityCounterSet, name: CounterName, at: string): Promise<void>;
  getResponse(responseId: string): Promise<RetroResponse | undefined>;
  /**
   * Replaces a response's verdict if it is still `previous`; with `negatedDelta`, in the same
   * transaction excludes it from the official aggregates and adds it to the quarantine counters;
   * for a response quarantined before, adds the new flag to its quarantine counter.
   * False when the response changed meanwhile (read it again).
   */
  reflag(
    r: RetroResponse,
    previous: IntegrityVerdict,
    next: IntegrityVerdict,
    negatedDelta: AggregateDelta | undefined,
    at: string,
  ): Promise<boolean>;
}

export interface QuarantineEarlierDeps {
  store: RetroQuarantineStore;
  questionnaires: QuestionnaireReader;
  clock: Clock;
}

const counterOf = (flag: IntegrityFlag): CounterName | undefined =>
  (Object.entries(RETROACTIVE_COUNTERS) as [CounterName, IntegrityFlag][]).find(([, f]) => f === flag)?.[0];

/**
 * Adds `flags` to one stored ballot and scores it again; one that now reaches 1 is moved from the
 * official aggregates to the quarantine counters in the same conditional transaction. An
 * already-quarantined ballot only gains the flags (the report counts its pattern); one the
 * province reviewed stays as the province decided. Retries a lost race a few times. Returns
 * whether it was newly quarantined, and the ballot as it now stands.
 */
export async function addFlags(
  deps: QuarantineEarlierDeps,
  responseId: string,
  flags: readonly IntegrityFlag[],
  at: string,
): Promise<{ taken: boolean; response?: RetroResponse }> {
  let r: RetroResponse | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    r = await deps.store.getResponse(responseId);
    if (!r?.integrity || r.review) return { taken: false, response: r };
    const next = flags.reduce(withFlag, r.integrity);
    if (next === r.integrity) return { taken: false, response: r };
    let negated: AggregateDelta | undefined;
    if (next.quarantined && !r.integrity.quarantined && !r.excludedFromScores) {
      const version = await deps.questionnaires.getVersion(r.questionnaireId, r.version);
      if (!version) return { taken: false, response: r };
      negated = negateDelta(aggregateDelta(version.content, r.answers));
    }
    if (await deps.store.reflag(r, r.integrity, next, negated, at)) {
      const excluded = negated
        ? { excludedFromScores: { by: 'integrity', reason: next.flags.join(','), at } }
        : {};
      return { taken: negated !== undefined, response: { ...r, integrity: next, ...excluded } };
    }
  }
  return { taken: false, response: r };
}

/**
 * 1. Looks at a new response's flags for patterns that can be taken back (RETROACTIVE_COUNTERS).
 * 2. For each, unless done before, reads the ballots recorded on the counter below its cap.
 * 3. Adds the flag to each of them and scores it again; one that now reaches 1 is moved out of the
 *    official aggregates into the quarantine counters, in one conditional transaction.
 * 4. Marks the counter done once it holds its cap of ballots, so later ballots of the pattern skip it.
 * Returns how many ballots were newly quarantined.
 */
export async function quarantineEarlier(deps: QuarantineEarlierDeps, image: RetroResponse): Promise<number> {
  const counters = image.integrityCounters;
  if (!counters || !image.integrity) return 0;
  const at = deps.clock.now().toISOString();
  let taken = 0;
  for (const flag of image.integrity.flags) {
    const name = counterOf(flag);
    if (!name) continue;
    const { responseIds, done } = await deps.store.counterBallots(counters, name);
    if (done) continue;
    for (const id of responseIds) {
      if (id !== image.responseId && (await addFlags(deps, id, [flag], at)).taken) taken++;
    }
    // A ballot flagged on arrival (by its process's memo) may reach the stream before some of the
    // ballots that fill the counter: only a full counter is done, so the ballot that finds it
    // full takes back every one of them.
    const cap = counters.caps?.[name];
    if (cap === undefined || responseIds.length >= cap) await deps.store.markCounterDone(counters, name, at);
  }
  return taken;
}
