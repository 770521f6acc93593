import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  importSurveyJs,
  indicatorFromName,
  SurveyJsUnmappableError,
} from '../../../functions/domain/surveyjs-import';
import { QuestionnaireContentSchema } from '../../../functions/schemas/questionnaire';
import { malformedSurvey, unmappableSurvey, windowSurvey } from './surveyjs-fixtures';

const unmappable = (survey: unknown) => {
  try {
    importSurveyJs(survey);
  } catch (err) {
    if (err instanceof SurveyJsUnmappableError) return err;
    throw err;
  }
  throw new Error('expected the import to fail');
};

describe('SurveyJS import', () => {
  it('maps the common subset into a valid questionnaire', () => {
    const { content } = importSurveyJs(windowSurvey);
    expect(v.safeParse(QuestionnaireContentSchema, content).success).toBe(true);
    expect(content.title).toEqual({ 'zh-CN': '公安窗口服务满意度调查', en: 'Police window satisfaction' });
    expect(content.intro?.['zh-CN']).toBe('只需一分钟，评价匿名。');
    expect(content.questions.map((q) => [q.id, q.type, q.indicator])).toEqual([
      ['overall_satisfaction', 'satisfaction', 'OVERALL_SATISFACTION'],
      ['staff_attitude', 'satisfaction', 'ATTITUDE'],
      ['recommend', 'scale', 'RECOMMEND'],
      ['business', 'single', 'BUSINESS'],
      ['problems', 'multiple', 'PROBLEMS'],
      ['suggestion', 'text', 'SUGGESTION'],
      ['where', 'text', 'WHERE'],
    ]);
  });

  it('keeps required flags, choices, selection limits, lengths and scale labels', () => {
    const { content } = importSurveyJs(windowSurvey);
    const byId = Object.fromEntries(content.questions.map((q) => [q.id, q]));
    expect(byId.overall_satisfaction?.required).toBe(true);
    expect(byId.recommend?.required).toBe(false);
    expect(byId.recommend).toMatchObject({ minLabel: { 'zh-CN': '完全不会', en: 'Not at all' } });
    expect(byId.problems).toMatchObject({
      maxSelections: 2,
      options: [
        { id: 'long_wait', text: { 'zh-CN': '等候时间长', en: 'Long wait' } },
        { id: 'repeat_visits' },
        { id: 'rude' },
      ],
    });
    expect(byId.suggestion).toMatchObject({ maxLength: 300 });
  });

  it('warns when custom rating labels give way to the standard satisfaction scale', () => {
    const { warnings } = importSurveyJs(windowSurvey);
    expect(warnings).toContainEqual(
      expect.objectContaining({ field: 'pages[0].elements[1]', code: 'standard_labels' }),
    );
  });

  it('reads a plain Chinese string as zh-CN and copies it to English with a warning', () => {
    const { content, warnings } = importSurveyJs({
      title: '满意度',
      elements: [{ type: 'rating', name: 'q1', title: '总体' }],
    });
    expect(content.title).toEqual({ 'zh-CN': '满意度', en: '满意度' });
    expect(warnings.some((w) => w.field === 'title' && w.code === 'missing_translation')).toBe(true);
  });

  it('lists every unmappable part with its place, not just the first', () => {
    const err = unmappable(unmappableSurvey);
    expect(err.status).toBe(422);
    expect(err.details?.map((d) => [d.field, d.code])).toEqual([
      ['triggers', 'unsupported_feature'],
      ['pages[0].elements[1]', 'unsupported_type'],
      ['pages[0].elements[2]', 'unsupported_rating_scale'],
      ['pages[0].elements[3].showOtherItem', 'unsupported_feature'],
      ['pages[0].elements[4].visibleIf', 'unsupported_feature'],
      ['pages[0].elements[5].inputType', 'unsupported_input_type'],
      ['pages[1].elements[0]', 'unsupported_type'],
    ]);
    expect(err.details?.every((d) => d.message && d.messageEn)).toBe(true);
  });

  it('reports a malformed file as unmappable with the broken places', () => {
    const err = unmappable(malformedSurvey);
    expect(err.details?.map((d) => d.field)).toEqual(['pages', 'elements[0]', 'pages']);
    expect(unmappable('not a survey').details?.[0]?.field).toBe('survey');
    expect(unmappable({ pages: [] }).details?.map((d) => d.code)).toEqual(['missing_title', 'no_questions']);
  });

  it('refuses duplicate names and invalid indicator codes', () => {
    const err = unmappable({
      title: 't',
      elements: [
        { type: 'comment', name: 'a', title: 'A' },
        { type: 'comment', name: 'a', title: 'B' },
        { type: 'comment', name: 'b', title: 'C', indicator: '指标' },
      ],
    });
    expect(err.details?.map((d) => d.code)).toEqual(['duplicate_name', 'invalid_indicator']);
  });

  it('derives UPPER_SNAKE indicator codes from names', () => {
    expect(indicatorFromName('overallSatisfaction')).toBe('OVERALL_SATISFACTION');
    expect(indicatorFromName('window-service 2')).toBe('WINDOW_SERVICE_2');
    expect(indicatorFromName('1st')).toBe('Q_1ST');
    expect(indicatorFromName('满意度')).toBeUndefined();
  });

  it('gives questions with non-Latin names generated ids and option ids', () => {
    const { content } = importSurveyJs({
      title: '测试',
      elements: [{ type: 'radiogroup', name: '业务', title: '业务', choices: ['户籍', '车驾管'] }],
    });
    expect(content.questions[0]).toMatchObject({
      id: 'q_1',
      indicator: 'Q_1',
      options: [{ id: 'opt_1' }, { id: 'opt_2' }],
    });
  });

  it('flattens panels into their questions', () => {
    const { content } = importSurveyJs({
      title: 'Panel test',
      elements: [
        { type: 'panel', name: 'p', title: 'P', elements: [{ type: 'text', name: 'x', title: 'X' }] },
      ],
    });
    expect(content.questions.map((q) => q.id)).toEqual(['x']);
  });
});
