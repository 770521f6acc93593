/**
 * Client-side answer checks. They mirror the server's rules (functions/domain/answers.ts) so the
 * citizen sees problems before sending, but the server stays the authority.
 */
import type { AnswerValue, DraftAnswers, Question } from './types';

/** Why an answer is not acceptable; the form turns it into a localized message. */
export interface AnswerProblem {
  code: 'required' | 'tooLong' | 'tooMany' | 'invalid';
  /** The limit involved, for "at most N" messages. */
  limit?: number;
}

/** Length as the server counts it: code points, so an emoji counts once. */
export const textLength = (s: string): number => [...s].length;

const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** True when the citizen has not given an answer (blank text or nothing chosen counts as none). */
export function isBlank(value: AnswerValue | undefined): boolean {
  if (value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  return Array.isArray(value) && value.length === 0;
}

/** Checks one answer; returns `null` when it is fine (including a blank optional answer). */
export function checkAnswer(q: Question, value: AnswerValue | undefined): AnswerProblem | null {
  if (isBlank(value)) return q.required ? { code: 'required' } : null;
  const ok = (): boolean => {
    switch (q.type) {
      case 'satisfaction':
        return isInt(value, 1, 5);
      case 'scale':
        return isInt(value, 0, 10);
      case 'single':
        return q.options.some((o) => o.id === value);
      case 'multiple':
        return (
          Array.isArray(value) &&
          new Set(value).size === value.length &&
          value.every((id) => q.options.some((o) => o.id === id))
        );
      case 'text':
        return typeof value === 'string';
    }
  };
  if (!ok()) return { code: 'invalid' };
  if (
    q.type === 'multiple' &&
    q.maxSelections !== undefined &&
    (value as string[]).length > q.maxSelections
  ) {
    return { code: 'tooMany', limit: q.maxSelections };
  }
  if (q.type === 'text' && textLength((value as string).trim()) > q.maxLength) {
    return { code: 'tooLong', limit: q.maxLength };
  }
  return null;
}

/** Checks every question; the result maps question id → problem and is empty when all is well. */
export function checkAnswers(
  questions: readonly Question[],
  answers: DraftAnswers,
): Record<string, AnswerProblem> {
  const problems: Record<string, AnswerProblem> = {};
  for (const q of questions) {
    const p = checkAnswer(q, answers[q.id]);
    if (p) problems[q.id] = p;
  }
  return problems;
}

/**
 * Builds the `answers` object to send: only questions of this questionnaire, unanswered optional
 * questions omitted (the server rejects unknown ids), text trimmed as the server stores it.
 */
export function buildAnswers(questions: readonly Question[], answers: DraftAnswers): DraftAnswers {
  const out: DraftAnswers = {};
  for (const q of questions) {
    const v = answers[q.id];
    if (v === undefined || isBlank(v)) continue;
    out[q.id] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}

/** Maps the server's `answers.<id>` field paths back to question ids; other fields go to `general`. */
export function splitFieldIssues<T extends { field: string }>(
  issues: readonly T[],
): { byQuestion: Record<string, T>; general: T[] } {
  const byQuestion: Record<string, T> = {};
  const general: T[] = [];
  for (const issue of issues) {
    const m = /^answers\.([a-z][a-z0-9_]*)$/.exec(issue.field);
    if (m?.[1] && !byQuestion[m[1]]) byQuestion[m[1]] = issue;
    else if (!m) general.push(issue);
  }
  return { byQuestion, general };
}
