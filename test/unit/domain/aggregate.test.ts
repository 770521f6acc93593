import { describe, expect, it } from 'vitest';
import { aggregateDelta, lowestLevel } from '../../../functions/domain/aggregate';
import { aQuestionnaire, someAnswers } from '../../fixtures/factories';

describe('aggregateDelta', () => {
  const content = aQuestionnaire();

  it('counts the level and adds the mapped score and its square', () => {
    const d = aggregateDelta(content, someAnswers({ q_overall: 3 }));
    expect(d.responses).toBe(1);
    expect(d.questions.q_overall).toEqual({ n: 1, sum: 60, sumSq: 3600, levels: { 3: 1 } });
  });

  it('uses the questionnaire’s own score mapping', () => {
    const d = aggregateDelta(
      aQuestionnaire({ scoreMapping: [0, 25, 50, 75, 100] }),
      someAnswers({ q_overall: 4 }),
    );
    expect(d.questions.q_overall?.sum).toBe(75);
  });

  it('counts chosen options and scale values, and comments without their text', () => {
    const d = aggregateDelta(content, someAnswers({ q_problems: ['rude', 'long_wait'], q_recommend: 7 }));
    expect(d.questions.q_problems).toEqual({ n: 1, options: { rude: 1, long_wait: 1 } });
    expect(d.questions.q_business).toEqual({ n: 1, options: { household: 1 } });
    expect(d.questions.q_recommend).toEqual({ n: 1, sum: 7, sumSq: 49 });
    expect(d.questions.q_suggestion).toEqual({ n: 1 });
  });

  it('leaves unanswered questions out', () => {
    const { q_recommend: _r, ...rest } = someAnswers();
    expect(aggregateDelta(content, rest).questions).not.toHaveProperty('q_recommend');
  });
});

describe('lowestLevel', () => {
  it('finds the worst satisfaction level given', () => {
    expect(lowestLevel(aQuestionnaire(), someAnswers({ q_attitude: 1 }))).toBe(1);
    expect(lowestLevel(aQuestionnaire(), {})).toBeUndefined();
  });
});
