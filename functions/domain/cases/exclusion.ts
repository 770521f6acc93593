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
