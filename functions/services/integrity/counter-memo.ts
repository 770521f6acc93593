/**
 * What this process has learnt about quiet-limit counters: for a counter, a count it is known to
 * have reached. Counters only grow within their day (or week), so a lower bound stays true until
 * the counter expires; a submission scores a counter known to have reached its cap without
 * writing it again, and adds itself to every other one (counter stores, see ports.ts). In steady
 * state a window's full counters are not written at all. The burst counter slides with the clock
 * and is never taken from here.
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
      return undefined;
    case 'sameAnswers':
      return `ans|${at}|${c.answersHash}`;
    case 'device':
      return c.deviceHash && `dev|${at}|${c.deviceHash}`;
    case 'deviceAllPoints':
      return c.deviceHash && `dev*|${c.day}|${c.deviceHash}`;
    case 'network':
      return c.network && `net|${at}|${c.network}`;
    case 'networkWeek':
      return c.network && c.week && `netw|${c.servicePointId}|${c.week}|${c.network}`;
  }
}

export class CounterMemo {
  private readonly reached: BoundedCache<string, number>;

  /** `max` bounds memory: a forgotten bound costs one counter write more, never a wrong verdict. */
  constructor(max = 50_000) {
    // Daily counters live for their day, weekly ones for their week.
    this.reached = new BoundedCache({ max, ttlMs: 8 * 86_400_000 });
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
