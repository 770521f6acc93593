import { describe, expect, it } from 'vitest';
import {
  buildAnswers,
  checkAnswer,
  checkAnswers,
  splitFieldIssues,
  textLength,
} from '../../../web/form/validate';
import { questions } from './form-fixtures';

const [overall, wait, good, nps, note] = questions() as [
  ReturnType<typeof questions>[number],
  ...ReturnType<typeof questions>,
];

describe('checkAnswer', () => {
  it('asks for an answer to a required question left blank', () => {
    expect(checkAnswer(overall!, undefined)).toEqual({ code: 'required' });
    expect(checkAnswer(good!, [])).toEqual({ code: 'required' });
  });

  it('accepts a blank optional question', () => {
    expect(checkAnswer(note!, '   ')).toBeNull();
    expect(checkAnswer(note!, undefined)).toBeNull();
  });

  it('accepts only the five satisfaction levels', () => {
    for (const lvl of [1, 2, 3, 4, 5]) expect(checkAnswer(overall!, lvl)).toBeNull();
    expect(checkAnswer(overall!, 0)).toEqual({ code: 'invalid' });
    expect(checkAnswer(overall!, 4.5)).toEqual({ code: 'invalid' });
    expect(checkAnswer(overall!, '5')).toEqual({ code: 'invalid' });
  });

  it('accepts whole numbers 0 to 10 on a scale', () => {
    expect(checkAnswer(nps!, 0)).toBeNull();
    expect(checkAnswer(nps!, 10)).toBeNull();
    expect(checkAnswer(nps!, 11)).toEqual({ code: 'invalid' });
  });

  it('rejects options the question does not have', () => {
    expect(checkAnswer(wait!, 'short')).toBeNull();
    expect(checkAnswer(wait!, 'medium')).toEqual({ code: 'invalid' });
    expect(checkAnswer(good!, ['fast', 'nope'])).toEqual({ code: 'invalid' });
    expect(checkAnswer(good!, ['fast', 'fast'])).toEqual({ code: 'invalid' });
  });

  it('limits how many options may be ticked', () => {
    expect(checkAnswer(good!, ['fast', 'polite'])).toBeNull();
    expect(checkAnswer(good!, ['fast', 'polite', 'clear'])).toEqual({ code: 'tooMany', limit: 2 });
  });

  it('counts text length in characters as the server does (an emoji is one)', () => {
    expect(textLength('😀😀')).toBe(2);
    expect(checkAnswer(note!, '  很好很好好  ')).toBeNull();
    expect(checkAnswer(note!, '😀😀😀😀😀')).toBeNull();
    expect(checkAnswer(note!, '太长了太长了')).toEqual({ code: 'tooLong', limit: 5 });
  });
});

describe('checkAnswers', () => {
  it('lists every problem by question id', () => {
    expect(checkAnswers(questions(), { q_overall: 5, q_good: ['fast', 'polite', 'clear'] })).toEqual({
      q_wait: { code: 'required' },
      q_good: { code: 'tooMany', limit: 2 },
      q_nps: { code: 'required' },
    });
  });

  it('is empty when the form is complete', () => {
    expect(checkAnswers(questions(), { q_overall: 5, q_wait: 'short', q_good: ['fast'], q_nps: 9 })).toEqual(
      {},
    );
  });
});

describe('buildAnswers', () => {
  it('omits unanswered questions and unknown ids, and trims text', () => {
    expect(
      buildAnswers(questions(), { q_overall: 4, q_good: [], q_note: '  好 ', q_wait: '', stale_q: 3 }),
    ).toEqual({ q_overall: 4, q_note: '好' });
  });
});

describe('splitFieldIssues', () => {
  it('maps answers.<id> to its question and keeps other fields general', () => {
    const a = { field: 'answers.q_wait', code: 'required' };
    const b = { field: 'version', code: 'stale' };
    expect(splitFieldIssues([a, b, { field: 'answers.q_wait', code: 'second' }])).toEqual({
      byQuestion: { q_wait: a },
      general: [b],
    });
  });
});
