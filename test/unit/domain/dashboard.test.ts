import { describe, expect, it } from 'vitest';
import {
  type AggregateRow,
  foldQuestions,
  foldSeries,
  isoWeek,
  meanScore,
  periodOf,
  satisfactionRate,
  spanDays,
  sumAggregates,
  versionKey,
} from '../../../functions/domain/dashboard';
import { aQuestionnaire } from '../../fixtures/factories';

const content = aQuestionnaire();
const contents = new Map([[versionKey('window-service', 1), content]]);

/** An aggregate of `count` responses that all answered q_overall at `level` (mapped score `score`). */
const row = (
  day: string,
  level: 1 | 2 | 3 | 4 | 5,
  count: number,
  score: number,
  nodeId = 'U1',
): AggregateRow => ({
  nodeId,
  day,
  questionnaireId: 'window-service',
  version: 1,
  responses: count,
  questions: {
    q_overall: { n: count, sum: score * count, sumSq: score * score * count, levels: { [level]: count } },
    q_recommend: { n: count, sum: 7 * count, sumSq: 49 * count },
    q_business: { n: count, options: { household: count } },
  },
});

describe('dashboard folds', () => {
  it('computes the rate as the share of levels 3–5 and the score as Σsum / Σn', () => {
    const s = sumAggregates(
      [row('2026-10-05', 5, 2, 100), row('2026-10-05', 3, 1, 60), row('2026-10-06', 1, 1, 0)],
      contents,
    );
    expect(s).toMatchObject({ responses: 4, n: 4, satisfied: 3, scoreSum: 260 });
    expect(satisfactionRate(s)).toBe(0.75);
    expect(meanScore(s)).toBe(65);
  });

  it('never counts scale answers as satisfaction answers', () => {
    const s = sumAggregates([row('2026-10-05', 4, 1, 80)], contents);
    expect(s.n).toBe(1);
    expect(s.scoreSum).toBe(80);
  });

  it('answers null, not NaN, when nothing was answered', () => {
    const s = sumAggregates([], contents);
    expect(satisfactionRate(s)).toBeNull();
    expect(meanScore(s)).toBeNull();
  });

  it('falls back to the counters when a version’s content is unknown', () => {
    const s = sumAggregates([row('2026-10-05', 2, 1, 30)], new Map());
    expect(s).toMatchObject({ n: 1, satisfied: 0, scoreSum: 30 });
  });

  it('labels ISO weeks across year ends', () => {
    expect(isoWeek('2026-10-05')).toBe('2026-W41');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(periodOf('2026-10-05', 'month')).toBe('2026-10');
  });

  it('keeps empty periods in the series, with null rate and score', () => {
    const series = foldSeries(
      [row('2026-10-05', 5, 1, 100), row('2026-10-07', 2, 1, 30)],
      contents,
      '2026-10-05',
      '2026-10-07',
      'day',
    );
    expect(series.map((p) => [p.period, p.responses, p.satisfactionRate, p.score])).toEqual([
      ['2026-10-05', 1, 1, 100],
      ['2026-10-06', 0, null, null],
      ['2026-10-07', 1, 0, 30],
    ]);
  });

  it('ignores aggregates outside the requested days', () => {
    const series = foldSeries([row('2026-09-30', 5, 1, 100)], contents, '2026-10-01', '2026-10-31', 'month');
    expect(series).toEqual([
      { period: '2026-10', start: '2026-10-01', responses: 0, n: 0, satisfactionRate: null, score: null },
    ]);
  });

  it('merges question distributions across days and zero-fills options', () => {
    const qs = foldQuestions([row('2026-10-05', 5, 2, 100), row('2026-10-06', 1, 1, 0)], contents);
    const byId = Object.fromEntries(qs.map((q) => [q.questionId, q]));
    expect(byId.q_overall).toMatchObject({
      n: 3,
      distribution: { '1': 1, '2': 0, '3': 0, '4': 0, '5': 2 },
      mean: 66.67,
      satisfactionRate: 0.6667,
    });
    expect(byId.q_business!.options).toEqual({
      household: 3,
      exit_entry: 0,
      vehicle: 0,
      violation: 0,
      other: 0,
    });
    expect(byId.q_recommend).toMatchObject({ type: 'scale', mean: 7 });
    expect(qs.map((q) => q.questionId)).toEqual(['q_overall', 'q_business', 'q_recommend']);
  });

  it('counts days inclusively', () => {
    expect(spanDays('2026-10-01', '2026-10-01')).toBe(1);
    expect(spanDays('2024-01-01', '2024-12-31')).toBe(366);
    expect(spanDays('2026-10-02', '2026-10-01')).toBe(0);
  });
});
