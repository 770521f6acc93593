/**
 * The contribution of one response to a daily aggregate. Aggregates let dashboards and
 * rankings read O(days) items instead of scanning responses.
 */
import type { QuestionnaireContent } from '../schemas/questionnaire';
import type { Answers } from '../schemas/submission';
import { isSatisfactionLevel, levelScore } from './satisfaction';

/** Per-question counters. `sum`/`sumSq` hold the mapped 0–100 score (satisfaction) or the 0–10 value (scale). */
export interface QuestionDelta {
  n: number;
  sum?: number;
  sumSq?: number;
  /** Count per satisfaction level, keyed 1–5. */
  levels?: Partial<Record<number, number>>;
  /** Count per chosen option id. */
  options?: Record<string, number>;
}

export interface AggregateDelta {
  responses: number;
  questions: Record<string, QuestionDelta>;
}

/**
 * Shards of one service point's daily aggregate. A submission adds to one shard chosen at random,
 * readers sum them all; two ballots at the same window then meet on an item only when they draw
 * the same shard (README, "Write sets", has the conflict calculation behind the number).
 */
export const AGGREGATE_SHARDS = 64;

/** A shard drawn uniformly; `random` returns [0, 1) like Math.random. */
export const pickAggregateShard = (random: () => number = Math.random): number =>
  Math.min(AGGREGATE_SHARDS - 1, Math.floor(random() * AGGREGATE_SHARDS));

const addCounts = <K extends string | number>(
  a: Partial<Record<K, number>> | undefined,
  b: Partial<Record<K, number>> | undefined,
): Partial<Record<K, number>> | undefined => {
  if (!a) return b && { ...b };
  if (!b) return { ...a };
  const out: Partial<Record<K, number>> = { ...a };
  for (const [k, v] of Object.entries(b) as [K, number][]) out[k] = (out[k] ?? 0) + v;
  return out;
};

const addOptional = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : a + b;

/** The sum of two deltas (or of two shards of one aggregate): every counter added. */
export function addDeltas(a: AggregateDelta, b: AggregateDelta): AggregateDelta {
  const questions: Record<string, QuestionDelta> = { ...a.questions };
  for (const [id, qb] of Object.entries(b.questions)) {
    const qa = questions[id];
    if (!qa) {
      questions[id] = qb;
      continue;
    }
    const sum = addOptional(qa.sum, qb.sum);
    const sumSq = addOptional(qa.sumSq, qb.sumSq);
    const levels = addCounts(qa.levels, qb.levels);
    const options = addCounts(qa.options, qb.options) as Record<string, number> | undefined;
    questions[id] = {
      n: qa.n + qb.n,
      ...(sum === undefined ? {} : { sum }),
      ...(sumSq === undefined ? {} : { sumSq }),
      ...(levels ? { levels } : {}),
      ...(options ? { options } : {}),
    };
  }
  return { responses: a.responses + b.responses, questions };
}

/** Computes what one validated response adds to its aggregates. */
export function aggregateDelta(content: QuestionnaireContent, answers: Answers): AggregateDelta {
  const questions: Record<string, QuestionDelta> = {};
  for (const q of content.questions) {
    const a = answers[q.id];
    if (a === undefined) continue;
    if (q.type === 'satisfaction' && isSatisfactionLevel(a)) {
      const score = levelScore(a, content.scoreMapping);
      questions[q.id] = { n: 1, sum: score, sumSq: score * score, levels: { [a]: 1 } };
    } else if (q.type === 'scale' && typeof a === 'number') {
      questions[q.id] = { n: 1, sum: a, sumSq: a * a };
    } else if (q.type === 'single' && typeof a === 'string') {
      questions[q.id] = { n: 1, options: { [a]: 1 } };
    } else if (q.type === 'multiple' && Array.isArray(a)) {
      questions[q.id] = { n: 1, options: Object.fromEntries(a.map((id) => [id, 1])) };
    } else if (q.type === 'text') {
      questions[q.id] = { n: 1 };
    }
  }
  return { responses: 1, questions };
}

/** The lowest satisfaction level given in a response, if any (used to find bad reviews). */
export function lowestLevel(content: QuestionnaireContent, answers: Answers): number | undefined {
  const levels = content.questions
    .filter((q) => q.type === 'satisfaction')
    .map((q) => answers[q.id])
    .filter(isSatisfactionLevel);
  return levels.length > 0 ? Math.min(...levels) : undefined;
}
