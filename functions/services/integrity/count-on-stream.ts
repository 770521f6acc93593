/**
 * Use case: the Responses stream counts a new ballot against its quiet limits.
 *
 * The citizen's request stores the ballot with the verdict of the signals it carries by itself and
 * of the counters its own process knows full (check-integrity.ts), and counts it at once unless
 * those quarantine it. Its quiet-limit counters
 * (per code, device, network, answers and the sliding burst window) are written here, off the
 * request path: each is one conditional write of its own item, so a cap holds exactly however
 * the stream's batches interleave. A ballot that finds a counter at its cap gains the counter's
 * flag; if its score reaches 1 it is taken back from the official aggregates into the quarantine
 * counters, in one conditional transaction, before its case is opened or it is pushed to the
 * province. A pattern it reveals then takes back the ballots that built it up
 * (quarantine-earlier.ts). Everything here is idempotent: a redelivered record changes nothing.
 */

import { createHash } from 'node:crypto';
import { COUNTER_FLAGS, type CounterName, type IntegrityFlag } from '../../domain/integrity/signals';
import { type CounterMemo, counterId } from './counter-memo';
import type { CounterAddition, CounterStore, IntegrityCounterSet } from './ports';
import {
  addFlags,
  type QuarantineEarlierDeps,
  quarantineEarlier,
  type RetroResponse,
} from './quarantine-earlier';

/** What the stream's integrity work needs: the retroactive quarantine's deps and the counters. */
export interface StreamIntegrityDeps extends QuarantineEarlierDeps {
  counters: CounterStore;
  /** What this process knows of the counters (one per process; a fresh one forgets). */
  memo?: CounterMemo;
}

/** A new ballot as the stream delivers it. */
export type StreamBallot = RetroResponse & { submissionId?: string };

/** The short key a counter holds for one submission (its window's idempotency key, hashed). */
export const submissionKey = (servicePointId: string, submissionId: string): string =>
  createHash('sha256').update(`${servicePointId}|${submissionId}`).digest('base64url').slice(0, 8);

const NAMES: CounterName[] = ['token', 'device', 'deviceAllPoints', 'network', 'networkWeek', 'sameAnswers'];

/**
 * Adds the ballot to every counter of its set that is not known (from the memo) to be at its cap,
 * and returns the flags of the counters found at their caps: those it could not join, and the
 * burst counter when the sliding window already held its cap of other ballots.
 */
export async function countBallot(
  deps: Pick<StreamIntegrityDeps, 'counters' | 'memo'>,
  counters: IntegrityCounterSet & { caps: Record<CounterName, number> },
  ballot: { submissionKey: string; responseId: string },
): Promise<IntegrityFlag[]> {
  const { caps } = counters;
  const additions: CounterAddition[] = [{ name: 'burst', cap: caps.burst }];
  const reached = new Set<CounterName>();
  for (const name of NAMES) {
    const id = counterId(counters, name);
    if (id === undefined) continue;
    if ((deps.memo?.lowerBound(id) ?? 0) >= caps[name]) reached.add(name);
    else additions.push({ name, cap: caps[name] });
  }
  const outcome = await deps.counters.addToCounters(counters, additions, ballot);
  for (const name of outcome.reached) {
    reached.add(name);
    const id = counterId(counters, name);
    if (id !== undefined) deps.memo?.learn(id, caps[name]);
  }
  if ((outcome.burst ?? 0) >= caps.burst) reached.add('burst');
  return [...new Set([...reached].map((name) => COUNTER_FLAGS[name]))];
}

/**
 * 1. Adds a new ballot to its quiet-limit counters (a ballot the province has reviewed, or one
 *    stored without caps, is left as it is).
 * 2. If it found any at its cap, adds their flags to the stored ballot and takes it back when its
 *    score reaches 1.
 * 3. Takes back the earlier ballots of a pattern it revealed.
 * Returns the ballot as it now stands (for the case and the push that follow), whether this step
 * quarantined it, and how many earlier ballots were taken back.
 */
export async function countOnStream(
  deps: StreamIntegrityDeps,
  image: StreamBallot,
): Promise<{ ballot: StreamBallot; quarantined: boolean; earlierTaken: number }> {
  const counters = image.integrityCounters;
  let ballot = image;
  let quarantined = false;
  if (counters?.caps && image.integrity && image.review === undefined && image.submissionId) {
    const flags = await countBallot(
      deps,
      counters as typeof counters & { caps: Record<CounterName, number> },
      {
        submissionKey: submissionKey(image.servicePointId, image.submissionId),
        responseId: image.responseId,
      },
    );
    // A flag the ballot was given on arrival (its process knew the counter full) changes nothing.
    const added = flags.filter((f) => !image.integrity?.flags.includes(f));
    if (added.length > 0) {
      const out = await addFlags(deps, image.responseId, added, deps.clock.now().toISOString());
      quarantined = out.taken;
      if (out.response) ballot = { ...image, ...out.response };
    }
  }
  const earlierTaken = await quarantineEarlier(deps, ballot);
  return { ballot, quarantined, earlierTaken };
}
