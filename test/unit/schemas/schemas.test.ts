import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { demoQuestionnaire } from '../../../functions/local/seed/demo-questionnaire';
import { QuestionnaireContentSchema } from '../../../functions/schemas/questionnaire';
import { SubmissionBodySchema } from '../../../functions/schemas/submission';
import { aQuestionnaire, aSubmission } from '../../fixtures/factories';

describe('QuestionnaireContentSchema', () => {
  it('accepts the demo questionnaire', () => {
    expect(v.safeParse(QuestionnaireContentSchema, demoQuestionnaire).success).toBe(true);
  });

  it('requires zh-CN and English text on every question', () => {
    const q = aQuestionnaire();
    (q.questions[0]!.text as Record<string, string>).en = '';
    expect(v.safeParse(QuestionnaireContentSchema, q).success).toBe(false);
  });

  it('rejects duplicate question ids, unknown types and unknown fields', () => {
    const dup = aQuestionnaire();
    dup.questions.push({ ...dup.questions[0]! });
    expect(v.safeParse(QuestionnaireContentSchema, dup).success).toBe(false);
    const badType = aQuestionnaire();
    (badType.questions[0] as { type: string }).type = 'slider';
    expect(v.safeParse(QuestionnaireContentSchema, badType).success).toBe(false);
    expect(v.safeParse(QuestionnaireContentSchema, { ...aQuestionnaire(), theme: 'dark' }).success).toBe(
      false,
    );
  });

  it('defaults the score mapping to 0/30/60/80/100', () => {
    const { scoreMapping: _m, ...rest } = aQuestionnaire();
    const out = v.parse(QuestionnaireContentSchema, rest);
    expect(out.scoreMapping).toEqual([0, 30, 60, 80, 100]);
  });
});

describe('SubmissionBodySchema', () => {
  it('accepts a well-formed submission', () => {
    expect(v.safeParse(SubmissionBodySchema, aSubmission()).success).toBe(true);
  });

  it('rejects unknown fields, short submission ids and bad timestamps', () => {
    expect(v.safeParse(SubmissionBodySchema, { ...aSubmission(), ip: '1.2.3.4' }).success).toBe(false);
    expect(v.safeParse(SubmissionBodySchema, aSubmission({ submissionId: 'abc' })).success).toBe(false);
    expect(v.safeParse(SubmissionBodySchema, aSubmission({ startedAt: 'yesterday' })).success).toBe(false);
  });

  it('caps the number of answers and the size of each', () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`q${i}`, 1]));
    expect(v.safeParse(SubmissionBodySchema, aSubmission({ answers: many })).success).toBe(false);
    expect(v.safeParse(SubmissionBodySchema, aSubmission({ answers: { q: 'x'.repeat(4001) } })).success).toBe(
      false,
    );
  });
});
