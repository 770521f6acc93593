/**
 * Dashboard arithmetic on daily aggregates: series by day, ISO week or month, totals, and the
 * distribution of answers per question. Pure: the aggregates are read elsewhere, and responses
 * are never scanned. 满意率 = share of levels 3–5 among satisfaction answers; the 0–100 score =
 * Σ mapped score / Σ answers, using the scores stored in the aggregates (the mapping in force
 * when each response was counted). Both are null when nothing was answered: never 0 ÷ 0.
 */
import type { LocalizedText, QuestionnaireContent, QuestionType } from '../schemas/questionnaire';
import type { AggregateDelta } from './aggregate';
import { isSatisfied, type SatisfactionLevel } from './satisfaction';

/** One stored daily aggregate (structurally the repository's DailyAggregate). */
export interface AggregateRow extends AggregateDelta {
  nodeId: string;
  day: string;
  questionnaireId: string;
  version: number;
}

export type Granularity = 'day' | 'week' | 'month';

/** Running sums over the satisfaction questions of some aggregates. */
export interface SatisfactionSums {
  responses: number;
  /** Satisfaction answers counted (one per satisfaction question answered). */
  n: number;
  /** Of those, answers at levels 3–5. */
  satisfied: number;
  /** Σ mapped 0–100 score. */
  scoreSum: number;
  /** Count per level 1–5. */
  levels: Record<SatisfactionLevel, number>;
}

export interface PeriodPoint {
  period: string;
  /** First service day of the period inside the requested range. */
  start: string;
  responses: number;
  n: number;
  satisfactionRate: number | null;
  score: number | null;
}

export interface QuestionSummary {
  questionnaireId: string;
  questionId: string;
  type: QuestionType;
  text: LocalizedText;
  n: number;
  /** Satisfaction questions: count per level '1'–'5'. */
  distribution?: Record<string, number>;
  /** Choice questions: count per option id (every option of the version, zero-filled). */
  options?: Record<string, number>;
  optionTexts?: Record<string, LocalizedText>;
  /** Satisfaction: mean 0–100 score; scale: mean 0–10. */
  mean?: number | null;
  satisfactionRate?: number | null;
}

/** Key of a questionnaire version in the content map passed to the folds. */
export const versionKey = (questionnaireId: string, version: number): string =>
  `${questionnaireId}@${version}`;

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** 满意率 as a fraction 0–1 (4 decimals), or null without answers. */
export const satisfactionRate = (s: Pick<SatisfactionSums, 'n' | 'satisfied'>): number | null =>
  s.n > 0 ? round(s.satisfied / s.n, 4) : null;

/** Mean 0–100 score (2 decimals), or null without answers. */
export const meanScore = (s: Pick<SatisfactionSums, 'n' | 'scoreSum'>): number | null =>
  s.n > 0 ? round(s.scoreSum / s.n, 2) : null;

export const emptySums = (): SatisfactionSums => ({
  responses: 0,
  n: 0,
  satisfied: 0,
  scoreSum: 0,
  levels: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
});

type Contents = ReadonlyMap<string, QuestionnaireContent>;

/** A question's type: from its version's content, else inferred from the counters it carries. */
function questionType(contents: Contents, row: AggregateRow, questionId: string): QuestionType | undefined {
  const content = contents.get(versionKey(row.questionnaireId, row.version));
  const q = content?.questions.find((x) => x.id === questionId);
  if (q) return q.type;
  const d = row.questions[questionId];
  if (d?.levels) return 'satisfaction';
  if (d?.options) return 'single';
  if (d?.sum !== undefined) return 'scale';
  return content ? undefined : 'text';
}

/** Adds one aggregate's satisfaction answers to `sums` (mutates, for speed over many rows). */
export function addToSums(sums: SatisfactionSums, row: AggregateRow, contents: Contents): SatisfactionSums {
  sums.responses += row.responses;
  for (const [qid, d] of Object.entries(row.questions)) {
    if (questionType(contents, row, qid) !== 'satisfaction') continue;
    sums.n += d.n;
    sums.scoreSum += d.sum ?? 0;
    for (const level of [1, 2, 3, 4, 5] as const) {
      const c = d.levels?.[level] ?? 0;
      sums.levels[level] += c;
      if (isSatisfied(level)) sums.satisfied += c;
    }
  }
  return sums;
}

/** Folds aggregates into one set of sums. */
export const sumAggregates = (rows: readonly AggregateRow[], contents: Contents): SatisfactionSums =>
  rows.reduce((s, r) => addToSums(s, r, contents), emptySums());

const dayMs = 24 * 60 * 60 * 1000;
const asDate = (day: string) => new Date(`${day}T00:00:00Z`);
const asDay = (d: Date) => d.toISOString().slice(0, 10);

/** ISO 8601 week label `YYYY-Www` of a day (weeks start on Monday; week 1 holds the first Thursday). */
export function isoWeek(day: string): string {
  const d = asDate(day);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = new Date(d.getTime() + (3 - weekday) * dayMs);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / dayMs / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The label of the period holding `day`. */
export function periodOf(day: string, granularity: Granularity): string {
  if (granularity === 'day') return day;
  if (granularity === 'month') return day.slice(0, 7);
  return isoWeek(day);
}

/** Days from `from` to `to` inclusive, ascending. */
export function daysInRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = asDate(from).getTime(); t <= asDate(to).getTime(); t += dayMs) out.push(asDay(new Date(t)));
  return out;
}

/** Number of days from `from` to `to` inclusive (0 when `to` precedes `from`). */
export const spanDays = (from: string, to: string): number =>
  Math.max(0, Math.round((asDate(to).getTime() - asDate(from).getTime()) / dayMs) + 1);

/**
 * The time series: one point per period touching [from, to], empty periods included (with
 * null rate and score), so a chart shows gaps instead of joining distant points.
 */
export function foldSeries(
  rows: readonly AggregateRow[],
  contents: Contents,
  from: string,
  to: string,
  granularity: Granularity,
): PeriodPoint[] {
  const byPeriod = new Map<string, { start: string; sums: SatisfactionSums }>();
  for (const day of daysInRange(from, to)) {
    const p = periodOf(day, granularity);
    if (!byPeriod.has(p)) byPeriod.set(p, { start: day, sums: emptySums() });
  }
  for (const row of rows) {
    if (row.day < from || row.day > to) continue;
    const slot = byPeriod.get(periodOf(row.day, granularity));
    if (slot) addToSums(slot.sums, row, contents);
  }
  return [...byPeriod].map(([period, { start, sums }]) => ({
    period,
    start,
    responses: sums.responses,
    n: sums.n,
    satisfactionRate: satisfactionRate(sums),
    score: meanScore(sums),
  }));
}

interface QuestionAcc {
  questionnaireId: string;
  questionId: string;
  type: QuestionType;
  n: number;
  sum: number;
  levels: Record<SatisfactionLevel, number>;
  options: Record<string, number>;
  /** Highest version seen: its content gives the question's text and options. */
  version: number;
}

/**
 * Per-question answer distributions, merged across the versions of each questionnaire (a
 * question keeps its id from one version to the next). Ordered by questionnaire id, then by
 * the question order of the newest version involved.
 */
export function foldQuestions(rows: readonly AggregateRow[], contents: Contents): QuestionSummary[] {
  const acc = new Map<string, QuestionAcc>();
  for (const row of rows) {
    for (const [qid, d] of Object.entries(row.questions)) {
      const type = questionType(contents, row, qid);
      if (!type) continue;
      const key = `${row.questionnaireId}\u0000${qid}\u0000${type}`;
      const a = acc.get(key) ?? {
        questionnaireId: row.questionnaireId,
        questionId: qid,
        type,
        n: 0,
        sum: 0,
        levels: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
        options: {},
        version: row.version,
      };
      acc.set(key, a);
      a.n += d.n;
      a.sum += d.sum ?? 0;
      a.version = Math.max(a.version, row.version);
      for (const level of [1, 2, 3, 4, 5] as const) a.levels[level] += d.levels?.[level] ?? 0;
      for (const [o, c] of Object.entries(d.options ?? {})) a.options[o] = (a.options[o] ?? 0) + c;
    }
  }
  const position = (a: QuestionAcc) => {
    const i = contents
      .get(versionKey(a.questionnaireId, a.version))
      ?.questions.findIndex((q) => q.id === a.questionId);
    return i === undefined || i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...acc.values()]
    .sort((x, y) => x.questionnaireId.localeCompare(y.questionnaireId) || position(x) - position(y))
    .map((a) => summarise(a, contents));
}

function summarise(a: QuestionAcc, contents: Contents): QuestionSummary {
  const q = contents
    .get(versionKey(a.questionnaireId, a.version))
    ?.questions.find((x) => x.id === a.questionId);
  const base = {
    questionnaireId: a.questionnaireId,
    questionId: a.questionId,
    type: a.type,
    text: q?.text ?? { 'zh-CN': a.questionId, en: a.questionId },
    n: a.n,
  };
  switch (a.type) {
    case 'satisfaction': {
      const satisfied = a.levels[3] + a.levels[4] + a.levels[5];
      return {
        ...base,
        distribution: Object.fromEntries(Object.entries(a.levels).map(([l, c]) => [l, c])),
        mean: meanScore({ n: a.n, scoreSum: a.sum }),
        satisfactionRate: satisfactionRate({ n: a.n, satisfied }),
      };
    }
    case 'scale':
      return { ...base, mean: a.n > 0 ? round(a.sum / a.n, 2) : null };
    case 'single':
    case 'multiple': {
      const known = q && 'options' in q ? q.options : [];
      const options: Record<string, number> = Object.fromEntries(known.map((o) => [o.id, 0]));
      for (const [o, c] of Object.entries(a.options)) options[o] = (options[o] ?? 0) + c;
      return { ...base, options, optionTexts: Object.fromEntries(known.map((o) => [o.id, o.text])) };
    }
    default:
      return base;
  }
}
