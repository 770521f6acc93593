import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { missingMongolian } from '../../../functions/domain/questionnaire-text';
import { QuestionnaireContentSchema } from '../../../functions/schemas/questionnaire';
import { SubmissionBodySchema } from '../../../functions/schemas/submission';
import { ordosQuestionnaire } from '../../../local/seed/demo-ordos';
import { demoQuestionnaire } from '../../../local/seed/demo-questionnaire';
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

describe('Mongolian (mn-Mong) questionnaire text', () => {
  const issues = (content: unknown) =>
    (v.safeParse(QuestionnaireContentSchema, content).issues ?? []).map((i) => i.message).join(' | ');

  it('accepts the bilingual Ordos questionnaire, which carries Mongolian on every text', () => {
    expect(issues(ordosQuestionnaire)).toBe('');
    expect(missingMongolian(ordosQuestionnaire)).toEqual([]);
  });

  it('refuses Mongolian written in Cyrillic or without a Mongolian letter', () => {
    const cyrillic = structuredClone(ordosQuestionnaire);
    cyrillic.title['mn-Mong'] = 'Цагдаагийн үйлчилгээ';
    expect(issues(cyrillic)).toMatch(/traditional Mongolian/);
    const latin = structuredClone(ordosQuestionnaire);
    latin.title['mn-Mong'] = 'Police';
    expect(issues(latin)).toMatch(/traditional Mongolian script/);
  });

  it('names every text that lacks Mongolian when some have it', () => {
    const partial = structuredClone(ordosQuestionnaire);
    delete partial.questions[1]!.text['mn-Mong'];
    const q = partial.questions[3]!;
    if (q.type === 'single') delete q.options[2]!.text['mn-Mong'];
    expect(missingMongolian(partial)).toEqual(['questions.1.text', 'questions.3.options.2.text']);
    expect(issues(partial)).toMatch(/missing at questions\.1\.text, questions\.3\.options\.2\.text/);
  });

  it('leaves a questionnaire without Mongolian as it was', () => {
    expect(missingMongolian(demoQuestionnaire)).toEqual([]);
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
