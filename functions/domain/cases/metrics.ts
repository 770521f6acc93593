/**
 * Closed-loop metrics of a unit or subtree over a period: cases opened, acknowledged and
 * resolved on time, median time to resolve, callback satisfaction, appeals filed and upheld,
 * and the closed-loop rate a campaign can use as an indicator.
 */
import type { FollowUpCase } from './model';

export interface CaseMetrics {
  opened: number;
  acknowledged: number;
  ackOnTime: number;
  resolved: number;
  resolvedOnTime: number;
  /** Median hours from opening to (latest) resolution; null without resolved cases. */
  medianHoursToResolve: number | null;
  callbacks: number;
  /** Callbacks rated 满意 or 基本满意. */
  callbacksSatisfied: number;
  closed: number;
  appealsFiled: number;
  appealsUpheld: number;
  /** Shares in [0, 1]; null when the denominator is 0. */
  rates: {
    ackOnTime: number | null;
    resolvedOnTime: number | null;
    callbackSatisfaction: number | null;
    closedLoop: number | null;
  };
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Computes the metrics of the given cases (already filtered to the subtree and period).
 * The closed-loop rate is closed cases over opened ones, leaving out cases whose review an
 * upheld appeal found malicious (they need no fix).
 */
export function caseMetrics(cases: readonly FollowUpCase[]): CaseMetrics {
  const acknowledged = cases.filter((c) => c.acknowledgedAt);
  const ackOnTime = acknowledged.filter((c) => c.acknowledgedAt! <= c.ackDueAt).length;
  const resolved = cases.filter((c) => c.resolvedAt || c.status === 'callback_done' || c.status === 'closed');
  const withResolvedAt = resolved.filter((c) => c.resolvedAt);
  const resolvedOnTime = withResolvedAt.filter((c) => c.resolvedAt! <= c.resolveDueAt).length;
  const hours = withResolvedAt.map((c) => (Date.parse(c.resolvedAt!) - Date.parse(c.openedAt)) / 3_600_000);
  const callbacks = cases.filter((c) => c.callback);
  const callbacksSatisfied = callbacks.filter((c) => c.callback!.rating !== 'dissatisfied').length;
  const closed = cases.filter((c) => c.status === 'closed').length;
  const appealsFiled = cases.filter((c) => c.appeal).length;
  const appealsUpheld = cases.filter((c) => c.appeal?.status === 'upheld').length;
  return {
    opened: cases.length,
    acknowledged: acknowledged.length,
    ackOnTime,
    resolved: resolved.length,
    resolvedOnTime,
    medianHoursToResolve: median(hours),
    callbacks: callbacks.length,
    callbacksSatisfied,
    closed,
    appealsFiled,
    appealsUpheld,
    rates: {
      ackOnTime: ratio(ackOnTime, acknowledged.length),
      resolvedOnTime: ratio(resolvedOnTime, withResolvedAt.length),
      callbackSatisfaction: ratio(callbacksSatisfied, callbacks.length),
      closedLoop: ratio(closed, cases.length - appealsUpheld),
    },
  };
}

/** The closed-loop rate as a campaign indicator value on 0–100 (null without cases). */
export const closedLoopIndicator = (m: CaseMetrics): number | null =>
  m.rates.closedLoop === null ? null : Math.round(m.rates.closedLoop * 1000) / 10;
