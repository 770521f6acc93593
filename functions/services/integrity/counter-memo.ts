/**
 * What this process has learnt about quiet-limit counters: for a counter, a count it is known to
 * have reached. Counters only grow within their day (or week), so a lower bound stays true until
 * the counter expires; a submission scores a counter known to have reached its cap without
 * writing it again, and adds itself to every other one (counter stores, see ports.ts). In steady
 * state a window's full counters are not written at all. The public process also learns from the
 * ballots it stored (check-integrity.ts), including the minutes of its latest ballots at a window,
 * from which it counts its own part of the sliding burst window.
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

const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(2, 4));

export class CounterMemo {
  private readonly reached: BoundedCache<string, number>;
  /** Per window and day: the minutes of the latest ballots known in its burst counter. */
  private readonly bursts: BoundedCache<string, number[]>;

  /**
   * `max` bounds memory (per kind of entry, least recently used forgotten first): a forgotten
   * bound costs one counter write more, or a ballot counted and then taken back, never a wrong verdict.
   */
  constructor(max = 50_000) {
    // Daily counters live for their day, weekly ones for their week.
    this.reached = new BoundedCache({ max, ttlMs: 8 * 86_400_000 });
    this.bursts = new BoundedCache({ max, ttlMs: 86_400_000 });
  }

  /** How many ballots known in the window's burst counter fall in the sliding window ending at its minute. */
  burstCount(c: IntegrityCounterSet): number {
    if (!c.burstMinute || !c.burstMinutes) return 0;
    const minute = minuteOf(c.burstMinute);
    const known = this.bursts.get(`${c.servicePointId}|${c.day}`) ?? [];
    return known.filter((m) => m <= minute && m > minute - c.burstMinutes!).length;
  }

  /** Records a ballot known to go into the window's burst counter (the latest `cap` are kept). */
  learnBurst(c: IntegrityCounterSet, cap: number): void {
    if (!c.burstMinute) return;
    const id = `${c.servicePointId}|${c.day}`;
    const known = [...(this.bursts.get(id) ?? []), minuteOf(c.burstMinute)].sort((a, b) => a - b);
    this.bursts.set(id, known.slice(-Math.max(1, cap)));
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
