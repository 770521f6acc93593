/** Taking a response out of the scores: its aggregate contribution, negated. */
import type { AggregateDelta, QuestionDelta } from '../aggregate';

const neg = (x: number | undefined) => (x === undefined ? undefined : -x);

/** The delta that, added to a day's aggregate, cancels the response's own delta. */
export function negateDelta(d: AggregateDelta): AggregateDelta {
  const questions: Record<string, QuestionDelta> = {};
  for (const [q, v] of Object.entries(d.questions)) {
    questions[q] = {
      n: -v.n,
      sum: neg(v.sum),
      sumSq: neg(v.sumSq),
      levels: v.levels && Object.fromEntries(Object.entries(v.levels).map(([k, c]) => [k, -(c ?? 0)])),
      options: v.options && Object.fromEntries(Object.entries(v.options).map(([k, c]) => [k, -c])),
    };
  }
  return { responses: -d.responses, questions };
}

/** The two marks a stored ballot carries that keep it out of the official aggregates. */
export interface CountingMarks {
  /** The integrity verdict; `quarantined` at arrival means it never entered the aggregates. */
  integrity?: { quarantined?: boolean };
  /** Set when a counted ballot was taken out later (retroactive quarantine, upheld appeal). */
  excludedFromScores?: unknown;
}

/**
 * Whether a stored ballot is in the official aggregates now: not quarantined on arrival and not
 * taken out since. Only a counted ballot may be subtracted, and only once.
 */
export const isCounted = (r: CountingMarks): boolean =>
  !r.excludedFromScores && r.integrity?.quarantined !== true;
