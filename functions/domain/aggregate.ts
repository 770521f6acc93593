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
