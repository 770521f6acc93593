/**
 * What this process has learnt about quiet-limit counters: for a counter, a count it is known to
 * have reached. Counters only grow within their day, so a lower bound stays true until the
 * counter expires; the submission scores a known-reached counter without reading it, and asserts
 * `n < cap` in its transaction for every other one. A cancelled assertion teaches the bound
 * (the cap), and the submission is written again. In steady state a submission reads no counter.
 */

import type { CounterName } from '../../domain/integrity/signals';
import { BoundedCache } from '../bounded-cache';
import type { IntegrityCounterSet } from './ports';

/** The identity of one counter (the device-wide counter is shared by every service point). */
export function counterId(c: IntegrityCounterSet, name: CounterName): string | undefined {
  const at = `${c.servicePointId}|${c.day}`;
  switch (name) {
    case 'token':
      return `tok|${at}|${c.ballotKey}`;
    case 'burst':
      return `burst|${at}|${c.burstSlot}`;
    case 'sameAnswers':
      return `ans|${at}|${c.answersHash}`;
    case 'device':
      return c.deviceHash && `dev|${at}|${c.deviceHash}`;
    case 'deviceAllPoints':
      return c.deviceHash && `dev*|${c.day}|${c.deviceHash}`;
    case 'network':
      return c.network && `net|${at}|${c.network}`;
  }
}

export class CounterMemo {
  private readonly reached: BoundedCache<string, number>;

  /** `max` bounds memory: a forgotten bound costs one cancelled transaction, never a wrong verdict. */
  constructor(max = 50_000) {
    // Counters live for their day; two days covers a ballot scored just after midnight.
    this.reached = new BoundedCache({ max, ttlMs: 2 * 86_400_000 });
  }

  /** The count this counter is known to have reached (0 when nothing is known). */
  lowerBound(id: string): number {
    return this.reached.get(id) ?? 0;
  }

  /** Records that a counter has reached `count`. */
  learn(id: string, count: number): void {
    if (count > this.lowerBound(id)) this.reached.set(id, count);
  }
}
