/**
 * The questionnaire editor's model: pure, immutable operations on a draft's content (add, remove,
 * reorder and retype questions, edit options), plus the checks worth making before the server's
 * own validation. The view re-renders from the returned value; tests call these directly.
 */
import { missingMongolian } from '../../functions/domain/questionnaire-text';
import type { LocalizedText, Question, QuestionnaireContent, QuestionType } from './types';

export const QUESTION_TYPES: readonly QuestionType[] = [
  'satisfaction',
  'single',
  'multiple',
  'scale',
  'text',
];

/** Limits the server enforces (functions/schemas/questionnaire.ts), mirrored for early feedback. */
export const LIMITS = { questions: 50, options: 20, minOptions: 2, text: 500, maxLength: 2000 } as const;

const ID_RE = /^[a-z][a-z0-9_]{0,31}$/;
const INDICATOR_RE = /^[A-Z][A-Z0-9_]{0,31}$/;

const blank = (): LocalizedText => ({ 'zh-CN': '', en: '' });

/** The first `${prefix}${n}` not in `taken`. */
export function nextId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  let n = 1;
  while (used.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

/** A new questionnaire: a title to fill in and one overall-satisfaction question. */
export function emptyContent(): QuestionnaireContent {
  return {
    title: blank(),
    questions: [newQuestion('satisfaction', [])],
    scoreMapping: [0, 30, 60, 80, 100],
  };
}

function options(n: number): { id: string; text: LocalizedText }[] {
  return Array.from({ length: n }, (_, i) => ({ id: `o${i + 1}`, text: blank() }));
}

/** A question of `type` with an unused id; choice questions start with two blank options. */
export function newQuestion(type: QuestionType, takenIds: Iterable<string>): Question {
  const base = { id: nextId('q', takenIds), indicator: 'OVERALL', required: type !== 'text', text: blank() };
  switch (type) {
    case 'satisfaction':
    case 'scale':
      return { type, ...base };
    case 'single':
      return { type, ...base, options: options(2) };
    case 'multiple':
      return { type, ...base, options: options(2) };
    case 'text':
      return { type, ...base, maxLength: 500 };
  }
}

/** Changes a question's type, keeping id, indicator, text and required, and what fits the new type. */
export function retype(q: Question, type: QuestionType): Question {
  if (q.type === type) return q;
  const base = { id: q.id, indicator: q.indicator, required: q.required, text: q.text };
  const opts = 'options' in q ? q.options : options(2);
  switch (type) {
    case 'satisfaction':
    case 'scale':
      return { type, ...base };
    case 'single':
      return { type, ...base, options: opts };
    case 'multiple':
      return { type, ...base, options: opts };
    case 'text':
      return { type, ...base, maxLength: 500 };
  }
}

const withQuestions = (c: QuestionnaireContent, questions: Question[]): QuestionnaireContent => ({
  ...c,
  questions,
});

/** Appends a new question of `type` (no-op at the 50-question limit). */
export function addQuestion(c: QuestionnaireContent, type: QuestionType): QuestionnaireContent {
  if (c.questions.length >= LIMITS.questions) return c;
  return withQuestions(c, [
    ...c.questions,
    newQuestion(
      type,
      c.questions.map((q) => q.id),
    ),
  ]);
}

/** Removes question `index` (keeps at least one question). */
export function removeQuestion(c: QuestionnaireContent, index: number): QuestionnaireContent {
  if (c.questions.length <= 1 || !c.questions[index]) return c;
  return withQuestions(
    c,
    c.questions.filter((_, i) => i !== index),
  );
}

/** Moves an element of `list` by `delta` places; out-of-range moves return the list unchanged. */
export function moveItem<T>(list: readonly T[], index: number, delta: number): T[] {
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const out = [...list];
  const [item] = out.splice(index, 1);
  out.splice(to, 0, item as T);
  return out;
}

/** Moves question `index` up (-1) or down (+1). */
export const moveQuestion = (c: QuestionnaireContent, index: number, delta: number): QuestionnaireContent =>
  withQuestions(c, moveItem(c.questions, index, delta));

/** Replaces question `index` with `fn(question)`. */
export function updateQuestion(
  c: QuestionnaireContent,
  index: number,
  fn: (q: Question) => Question,
): QuestionnaireContent {
  return withQuestions(
    c,
    c.questions.map((q, i) => (i === index ? fn(q) : q)),
  );
}

type ChoiceQuestion = Extract<Question, { options: unknown }>;
type Option = ChoiceQuestion['options'][number];

function updateOptions(q: Question, fn: (o: Option[]) => Option[]): Question {
  if (q.type !== 'single' && q.type !== 'multiple') return q;
  const opts = fn(q.options);
  if (q.type === 'multiple' && q.maxSelections && q.maxSelections > opts.length) {
    return { ...q, options: opts, maxSelections: opts.length };
  }
  return { ...q, options: opts };
}

/** Appends a blank option to a choice question (no-op at 20 options). */
export const addOption = (q: Question): Question =>
  updateOptions(q, (o) =>
    o.length >= LIMITS.options
      ? o
      : [
          ...o,
          {
            id: nextId(
              'o',
              o.map((x) => x.id),
            ),
            text: blank(),
          },
        ],
  );

/** Removes option `index` (keeps the two a choice needs). */
export const removeOption = (q: Question, index: number): Question =>
  updateOptions(q, (o) => (o.length <= LIMITS.minOptions ? o : o.filter((_, i) => i !== index)));

/** Moves option `index` by `delta`. */
export const moveOption = (q: Question, index: number, delta: number): Question =>
  updateOptions(q, (o) => moveItem(o, index, delta));

/** Replaces option `index` with `fn(option)`. */
export const updateOption = (q: Question, index: number, fn: (o: Option) => Option): Question =>
  updateOptions(q, (o) => o.map((x, i) => (i === index ? fn(x) : x)));

/**
 * Sets one language of a text; a blank Mongolian text is dropped (it is optional), the others kept
 * blank for the checks to report.
 */
export function setText(text: LocalizedText, side: keyof LocalizedText, value: string): LocalizedText {
  if (side !== 'mn-Mong' || value.trim() !== '') return { ...text, [side]: value };
  const { 'mn-Mong': _dropped, ...rest } = text;
  return rest;
}

/** Sets or clears (all languages blank) an optional localized text such as the intro or a scale label. */
export function optionalText(text: LocalizedText | undefined, side: keyof LocalizedText, value: string) {
  const next = setText(text ?? blank(), side, value);
  return next['zh-CN'].trim() === '' && next.en.trim() === '' && !next['mn-Mong'] ? undefined : next;
}

/** One problem found before saving, with the path the server would use in `details[].field`. */
export interface DraftProblem {
  field: string;
  message: string;
  messageEn: string;
}

function checkText(
  out: DraftProblem[],
  field: string,
  text: LocalizedText | undefined,
  what: [string, string],
) {
  if (!text) return;
  for (const side of ['zh-CN', 'en'] as const) {
    const v = text[side].trim();
    const lang = side === 'zh-CN' ? ['中文', 'Chinese'] : ['英文', 'English'];
    if (v === '') {
      out.push({
        field: `${field}.${side}`,
        message: `${what[0]}缺少${lang[0]}`,
        messageEn: `${what[1]}: ${lang[1]} text is missing`,
      });
    } else if (v.length > LIMITS.text) {
      out.push({
        field: `${field}.${side}`,
        message: `${what[0]}的${lang[0]}超过 ${LIMITS.text} 字`,
        messageEn: `${what[1]}: ${lang[1]} text is longer than ${LIMITS.text}`,
      });
    }
  }
}

/**
 * What the server would reject, found early: blank texts, malformed or duplicate ids and indicator
 * codes, and out-of-range limits. An empty list does not promise acceptance; the server decides.
 */
export function checkDraft(c: QuestionnaireContent): DraftProblem[] {
  const out: DraftProblem[] = [];
  // Mongolian is all or nothing: once one text has it, every text needs it.
  for (const field of missingMongolian(c)) {
    out.push({
      field: `${field}.mn-Mong`,
      message: `${field} 缺少蒙古文（已有蒙古文的问卷每处文字都须有蒙古文）`,
      messageEn: `${field}: Mongolian text is missing (a questionnaire with Mongolian needs it on every text)`,
    });
  }
  checkText(out, 'title', c.title, ['问卷标题', 'Title']);
  checkText(out, 'intro', c.intro, ['说明', 'Introduction']);
  const seen = new Set<string>();
  c.questions.forEach((q, i) => {
    const f = `questions.${i}`;
    const zhQ = `第 ${i + 1} 题`;
    const enQ = `Question ${i + 1}`;
    if (!ID_RE.test(q.id)) {
      out.push({
        field: `${f}.id`,
        message: `${zhQ}编号须为小写字母开头的字母、数字或下划线`,
        messageEn: `${enQ}: id must be a lowercase identifier`,
      });
    } else if (seen.has(q.id)) {
      out.push({ field: `${f}.id`, message: `${zhQ}编号重复`, messageEn: `${enQ}: duplicate id` });
    }
    seen.add(q.id);
    if (!INDICATOR_RE.test(q.indicator)) {
      out.push({
        field: `${f}.indicator`,
        message: `${zhQ}指标代码须为大写字母、数字或下划线`,
        messageEn: `${enQ}: indicator must be UPPER_SNAKE`,
      });
    }
    checkText(out, `${f}.text`, q.text, [zhQ, enQ]);
    if (q.type === 'single' || q.type === 'multiple') {
      const optIds = new Set<string>();
      q.options.forEach((o, j) => {
        if (!ID_RE.test(o.id) || optIds.has(o.id)) {
          out.push({
            field: `${f}.options.${j}.id`,
            message: `${zhQ}选项 ${j + 1} 编号无效或重复`,
            messageEn: `${enQ}, option ${j + 1}: invalid or duplicate id`,
          });
        }
        optIds.add(o.id);
        checkText(out, `${f}.options.${j}.text`, o.text, [`${zhQ}选项 ${j + 1}`, `${enQ}, option ${j + 1}`]);
      });
    }
    if (q.type === 'scale') {
      checkText(out, `${f}.minLabel`, q.minLabel, [`${zhQ} 0 分含义`, `${enQ}, meaning of 0`]);
      checkText(out, `${f}.maxLabel`, q.maxLabel, [`${zhQ} 10 分含义`, `${enQ}, meaning of 10`]);
    }
    if (
      q.type === 'text' &&
      !(Number.isInteger(q.maxLength) && q.maxLength >= 1 && q.maxLength <= LIMITS.maxLength)
    ) {
      out.push({
        field: `${f}.maxLength`,
        message: `${zhQ}最多字数须在 1–${LIMITS.maxLength} 之间`,
        messageEn: `${enQ}: maximum length must be 1–${LIMITS.maxLength}`,
      });
    }
    if (
      q.type === 'multiple' &&
      q.maxSelections !== undefined &&
      !(Number.isInteger(q.maxSelections) && q.maxSelections >= 1 && q.maxSelections <= q.options.length)
    ) {
      out.push({
        field: `${f}.maxSelections`,
        message: `${zhQ}最多可选数须在 1–${q.options.length} 之间`,
        messageEn: `${enQ}: maximum selections must be 1–${q.options.length}`,
      });
    }
  });
  return out;
}

/**
 * The content as the preview shows it: blank texts become a visible placeholder, so an author sees
 * where the text will go (the citizen renderer would otherwise print nothing).
 */
export function forPreview(c: QuestionnaireContent): QuestionnaireContent {
  const fill = (text: LocalizedText, zh: string, en: string): LocalizedText => ({
    'zh-CN': text['zh-CN'].trim() || zh,
    en: text.en.trim() || en,
  });
  return {
    ...c,
    title: fill(c.title, '（未填写标题）', '(no title yet)'),
    questions: c.questions.map((q, i) => {
      const text = fill(q.text, `（第 ${i + 1} 题）`, `(question ${i + 1})`);
      if (q.type === 'single' || q.type === 'multiple') {
        return {
          ...q,
          text,
          options: q.options.map((o, j) => ({
            ...o,
            text: fill(o.text, `选项 ${j + 1}`, `Option ${j + 1}`),
          })),
        };
      }
      return { ...q, text };
    }),
  };
}
