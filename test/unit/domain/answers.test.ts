import { describe, expect, it } from 'vitest';
import { validateAnswers } from '../../../functions/domain/answers';
import { ValidationError } from '../../../functions/domain/errors';
import { aQuestionnaire, someAnswers } from '../../fixtures/factories';

const content = aQuestionnaire();

function issuesOf(answers: Record<string, unknown>) {
  try {
    validateAnswers(content, answers as never);
  } catch (err) {
    if (err instanceof ValidationError) return err.details!.map((d) => `${d.field}:${d.code}`);
    throw err;
  }
  return [];
}

describe('validateAnswers', () => {
  it('accepts a complete set of answers and trims text', () => {
    const out = validateAnswers(content, someAnswers({ q_suggestion: '  很好  ' }));
    expect(out.q_suggestion).toBe('很好');
    expect(out.q_overall).toBe(5);
  });

  it('drops blank optional answers instead of storing them', () => {
    const out = validateAnswers(content, someAnswers({ q_suggestion: '   ', q_problems: [] }));
    expect(out).not.toHaveProperty('q_suggestion');
    expect(out).not.toHaveProperty('q_problems');
  });

  it('lists every problem at once, each with its field', () => {
    const { q_attitude: _a, ...rest } = someAnswers();
    expect(issuesOf({ ...rest, q_overall: 0, q_recommend: 10.5, q_business: 'x', q_extra: 1 })).toEqual([
      'answers.q_extra:unknown_question',
      'answers.q_overall:out_of_range',
      'answers.q_attitude:required',
      'answers.q_business:unknown_option',
      'answers.q_recommend:out_of_range',
    ]);
  });

  it('rejects wrong types per question type', () => {
    expect(issuesOf(someAnswers({ q_overall: '5' }))).toEqual(['answers.q_overall:invalid_type']);
    expect(issuesOf(someAnswers({ q_problems: 'long_wait' }))).toEqual(['answers.q_problems:invalid_type']);
    expect(issuesOf(someAnswers({ q_suggestion: 5 }))).toEqual(['answers.q_suggestion:invalid_type']);
  });

  it('rejects repeated and excess options in a multiple choice', () => {
    expect(issuesOf(someAnswers({ q_problems: ['rude', 'rude'] }))).toEqual([
      'answers.q_problems:duplicate_option',
    ]);
    const tight = aQuestionnaire();
    const q = tight.questions.find((x) => x.id === 'q_problems');
    if (q?.type === 'multiple') q.maxSelections = 1;
    expect(() => validateAnswers(tight, someAnswers({ q_problems: ['rude', 'long_wait'] }))).toThrow(
      ValidationError,
    );
  });

  it('counts text length in characters, so 500 Chinese characters fit a 500 limit', () => {
    expect(issuesOf(someAnswers({ q_suggestion: '好'.repeat(500) }))).toEqual([]);
    expect(issuesOf(someAnswers({ q_suggestion: '😀'.repeat(500) }))).toEqual([]);
    expect(issuesOf(someAnswers({ q_suggestion: '好'.repeat(501) }))).toEqual([
      'answers.q_suggestion:too_long',
    ]);
  });

  it('gives every issue a zh-CN and an English message', () => {
    try {
      validateAnswers(content, {});
    } catch (err) {
      for (const d of (err as ValidationError).details!) {
        expect(d.message).toMatch(/[\u4e00-\u9fff]/);
        expect(d.messageEn).toMatch(/[a-z]/);
      }
      return;
    }
    expect.unreachable('empty answers must fail');
  });
});
