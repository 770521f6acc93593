/**
 * SurveyJS JSON → our questionnaire content, for the common subset: rating, radiogroup (and
 * dropdown), checkbox, comment, text, localized titles. Everything that cannot be mapped is
 * collected (not just the first problem) and reported together, so that an author can fix the
 * file in one pass; nothing is returned half-mapped. Property names follow survey-core's
 * `surveyjs_definition.json`.
 */
import type { LocalizedText, Question, QuestionnaireContent, QuestionType } from '../schemas/questionnaire';
import { AppError, type FieldIssue } from './errors';

/** The whole file or parts of it cannot be imported; `details` lists every part. */
export class SurveyJsUnmappableError extends AppError {
  readonly code = 'SURVEYJS_UNMAPPABLE';
  readonly status = 422;
  constructor(details: readonly FieldIssue[]) {
    super(
      'SurveyJS 问卷中有无法导入的内容（见 details），未保存任何数据',
      'Parts of the SurveyJS survey cannot be imported (see details); nothing was stored',
      { details },
    );
  }
}

export interface SurveyJsImport {
  content: QuestionnaireContent;
  /** What was dropped or filled in without changing what the questionnaire asks. */
  warnings: FieldIssue[];
}

type Obj = Record<string, unknown>;

const MAX_TEXT = 500;
const MAX_QUESTIONS = 50;
const MAX_OPTIONS = 20;
const MAX_DEPTH = 8;
const DEFAULT_TEXT_LENGTH = 500;
const MAX_TEXT_LENGTH = 2000;
const CJK = /[\u3400-\u9fff]/;
const ID_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;
const INDICATOR_PATTERN = /^[A-Z][A-Z0-9_]{0,31}$/;

/** Properties that change what is asked or accepted; silently dropping them would change the survey. */
const BEHAVIOURAL = [
  'visibleIf',
  'enableIf',
  'requiredIf',
  'resetValueIf',
  'setValueIf',
  'setValueExpression',
  'defaultValueExpression',
  'validators',
  'choicesByUrl',
  'choicesFromQuestion',
  'choicesVisibleIf',
  'choicesEnableIf',
  'showOtherItem',
  'hasOther',
  'showNoneItem',
  'hasNone',
  'showSelectAllItem',
  'hasSelectAll',
  'showRefuseItem',
  'showDontKnowItem',
  'showCommentArea',
  'hasComment',
] as const;

/** Survey-level logic with no equivalent here. */
const SURVEY_BEHAVIOURAL = [
  'triggers',
  'calculatedValues',
  'completedHtmlOnCondition',
  'navigateToUrlOnCondition',
];

const SUPPORTED_TYPES = 'rating, radiogroup, dropdown, checkbox, comment, text';

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const present = (x: unknown) =>
  x !== undefined && x !== null && x !== false && x !== '' && !(Array.isArray(x) && x.length === 0);

/** The messages of every issue code, zh-CN and English. */
const MESSAGES: Record<string, (arg: string) => [string, string]> = {
  malformed: (a) => [`结构不正确：${a}`, `Malformed: ${a}`],
  unsupported_type: (a) => [
    `不支持的题型“${a}”（支持：${SUPPORTED_TYPES}）`,
    `Unsupported question type "${a}" (supported: ${SUPPORTED_TYPES})`,
  ],
  unsupported_feature: (a) => [
    `不支持的设置“${a}”（显示逻辑、校验、“其他”选项等无法导入）`,
    `Unsupported property "${a}" (logic, validators, "other" items and the like cannot be imported)`,
  ],
  unsupported_rating_scale: (a) => [
    `评分题须为 5 级（映射为五级满意度）或 0–10 分，此题为 ${a}`,
    `A rating must have 5 levels (satisfaction) or run 0–10 (scale); this one is ${a}`,
  ],
  unsupported_input_type: (a) => [
    `不支持的输入类型“${a}”，仅支持普通文本`,
    `Unsupported input type "${a}"; only plain text is supported`,
  ],
  missing_name: () => ['缺少题目名称 name', 'The question has no name'],
  duplicate_name: (a) => [`题目名称“${a}”重复`, `The question name "${a}" is used twice`],
  missing_title: () => ['缺少问卷标题', 'The survey has no title'],
  too_long: (a) => [`文字超过 ${a} 字`, `Text longer than ${a} characters`],
  invalid_text: () => ['文字须为字符串或多语言对象', 'Text must be a string or a localized object'],
  invalid_indicator: (a) => [
    `指标代码“${a}”须为大写字母、数字和下划线`,
    `Indicator code "${a}" must be UPPER_SNAKE`,
  ],
  too_few_choices: () => ['选择题至少需要 2 个选项', 'A choice question needs at least 2 choices'],
  too_many_choices: () => [`选项不能超过 ${MAX_OPTIONS} 个`, `At most ${MAX_OPTIONS} choices`],
  invalid_choice: () => ['选项缺少取值 value', 'The choice has no value'],
  no_questions: () => ['问卷中没有题目', 'The survey has no questions'],
  too_many_questions: (a) => [
    `题目不能超过 ${MAX_QUESTIONS} 道（此问卷 ${a} 道）`,
    `At most ${MAX_QUESTIONS} questions (this survey has ${a})`,
  ],
  too_deep: () => ['面板嵌套过深', 'Panels nested too deeply'],
  // Warnings.
  missing_translation: (a) => [
    `缺少${a}文字，已用另一种语言代替`,
    `No ${a === '中文' ? 'Chinese' : 'English'} text; the other language was copied`,
  ],
  title_from_name: (a) => [`题目没有标题，已使用名称“${a}”`, `No title; the name "${a}" is used`],
  renamed: (a) => [`题目编号已改为“${a}”`, `The question id became "${a}"`],
  dropped: (a) => [`已忽略“${a}”（不影响题目内容）`, `"${a}" was ignored (it does not change the question)`],
  standard_labels: () => [
    '5 级评分已映射为五级满意度（非常满意 … 非常不满意），自定义标签未保留',
    'A 5-level rating became the standard satisfaction scale; custom labels were not kept',
  ],
  length_limited: (a) => [`文字长度上限设为 ${a}`, `The text length limit was set to ${a}`],
  panel_flattened: () => ['面板已展开，面板标题未保留', 'The panel was flattened; its title was not kept'],
};

/** Collects errors and warnings while walking the file. */
class Issues {
  readonly errors: FieldIssue[] = [];
  readonly warnings: FieldIssue[] = [];
  private issue(field: string, code: string, arg = ''): FieldIssue {
    const [message, messageEn] = MESSAGES[code]!(arg);
    return { field, code, message, messageEn };
  }
  error(field: string, code: string, arg?: string): undefined {
    this.errors.push(this.issue(field, code, arg));
    return undefined;
  }
  warn(field: string, code: string, arg?: string): void {
    this.warnings.push(this.issue(field, code, arg));
  }
}

/**
 * A SurveyJS text (a string, or `{ default, 'zh-cn' | 'zh', en, … }`) as zh-CN + English.
 * `default` is the survey's default language: taken as Chinese when it holds Chinese characters.
 * One missing language copies the other, with a warning.
 */
function localized(raw: unknown, field: string, issues: Issues): LocalizedText | undefined {
  if (raw === undefined || raw === null) return undefined;
  let zh: string | undefined;
  let en: string | undefined;
  const clean = (x: unknown) => (typeof x === 'string' && x.trim() !== '' ? x.trim() : undefined);
  if (typeof raw === 'string') {
    const s = clean(raw);
    if (s && CJK.test(s)) zh = s;
    else en = s;
  } else if (isObj(raw)) {
    if (Object.values(raw).some((x) => typeof x !== 'string')) return issues.error(field, 'invalid_text');
    const lower = Object.fromEntries(Object.entries(raw).map(([k, x]) => [k.toLowerCase(), clean(x)]));
    zh = lower['zh-cn'] ?? lower['zh-hans'] ?? lower.zh;
    en = lower.en;
    const def = lower.default;
    if (def && !zh && CJK.test(def)) zh = def;
    else if (def && !en && !CJK.test(def)) en = def;
  } else {
    return issues.error(field, 'invalid_text');
  }
  if (!zh && !en) return undefined;
  if ((zh?.length ?? 0) > MAX_TEXT || (en?.length ?? 0) > MAX_TEXT) {
    return issues.error(field, 'too_long', String(MAX_TEXT));
  }
  if (!zh) issues.warn(field, 'missing_translation', '中文');
  if (!en) issues.warn(field, 'missing_translation', '英文');
  return { 'zh-CN': (zh ?? en)!, en: (en ?? zh)! };
}

/** `overallSatisfaction`, `overall-satisfaction` → `overall_satisfaction`; '' when nothing Latin is left. */
function snake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** An indicator code derived from a question name: UPPER_SNAKE, starting with a letter. */
export function indicatorFromName(name: string): string | undefined {
  const s = snake(name).toUpperCase();
  if (!s) return undefined;
  return (/^[A-Z]/.test(s) ? s : `Q_${s}`).slice(0, 32).replace(/_+$/, '');
}

/** A question or option id derived from a SurveyJS name or value, or undefined if none can be. */
function idFrom(name: string, prefix: string): string | undefined {
  const s = snake(name);
  if (!s) return undefined;
  const id = (/^[a-z]/.test(s) ? s : `${prefix}${s}`).slice(0, 32).replace(/_+$/, '');
  return ID_PATTERN.test(id) ? id : undefined;
}

/** Makes `id` unique among `taken` by suffixing a number. */
function unique(id: string, taken: Set<string>): string {
  let out = id;
  for (let i = 2; taken.has(out); i++) out = `${id.slice(0, 28)}_${i}`;
  taken.add(out);
  return out;
}

interface Ctx {
  issues: Issues;
  survey: Obj;
  questions: Question[];
  names: Set<string>;
  ids: Set<string>;
  /** Counts every question element seen (mapped or not), for the size limit. */
  seen: number;
}

function checkBehaviour(el: Obj, path: string, ctx: Ctx): void {
  for (const prop of BEHAVIOURAL) {
    if (present(el[prop])) ctx.issues.error(`${path}.${prop}`, 'unsupported_feature', prop);
  }
}

/** Choices → options: 2–20, each with a value; ids derived from values when possible. */
function options(el: Obj, path: string, ctx: Ctx) {
  const choices = el.choices;
  if (!Array.isArray(choices)) return ctx.issues.error(`${path}.choices`, 'too_few_choices');
  if (choices.length < 2) return ctx.issues.error(`${path}.choices`, 'too_few_choices');
  if (choices.length > MAX_OPTIONS) return ctx.issues.error(`${path}.choices`, 'too_many_choices');
  const taken = new Set<string>();
  const out: { id: string; text: LocalizedText }[] = [];
  let ok = true;
  choices.forEach((c, i) => {
    const field = `${path}.choices[${i}]`;
    const item: Obj = isObj(c) ? c : { value: c };
    if (typeof item.value !== 'string' && typeof item.value !== 'number') {
      ok = false;
      ctx.issues.error(field, 'invalid_choice');
      return;
    }
    for (const prop of ['visibleIf', 'enableIf'] as const) {
      if (present(item[prop])) {
        ok = false;
        ctx.issues.error(`${field}.${prop}`, 'unsupported_feature', prop);
      }
    }
    const value = String(item.value);
    const text = localized(item.text, `${field}.text`, ctx.issues) ?? localized(value, field, ctx.issues);
    if (!text) {
      ok = false;
      return;
    }
    out.push({ id: unique(idFrom(value, 'o_') ?? `opt_${i + 1}`, taken), text });
  });
  return ok ? out : undefined;
}

/**
 * How many points a rating has: explicit `rateValues`, else `rateCount`, else rateMin..rateMax
 * by rateStep (SurveyJS defaults: 1..5, step 1).
 */
function ratingShape(el: Obj): { count: number; min: number; max: number } {
  if (Array.isArray(el.rateValues) && el.rateValues.length > 0) {
    const values = el.rateValues.map((r) => Number(isObj(r) ? r.value : r));
    return { count: values.length, min: Math.min(...values), max: Math.max(...values) };
  }
  const min = typeof el.rateMin === 'number' ? el.rateMin : 1;
  const step = typeof el.rateStep === 'number' && el.rateStep > 0 ? el.rateStep : 1;
  if (typeof el.rateCount === 'number') {
    return { count: el.rateCount, min, max: min + (el.rateCount - 1) * step };
  }
  const max = typeof el.rateMax === 'number' ? el.rateMax : 5;
  return { count: Math.floor((max - min) / step) + 1, min, max };
}

type Base = Pick<Question, 'id' | 'indicator' | 'required' | 'text'>;

function mapRating(el: Obj, base: Base, path: string, ctx: Ctx): Question | undefined {
  const { count, min, max } = ratingShape(el);
  if (count === 5) {
    if (present(el.rateValues) || present(el.minRateDescription) || present(el.maxRateDescription)) {
      ctx.issues.warn(path, 'standard_labels');
    }
    return { type: 'satisfaction', ...base };
  }
  if (count === 11 && min === 0 && max === 10) {
    const minLabel = localized(el.minRateDescription, `${path}.minRateDescription`, ctx.issues);
    const maxLabel = localized(el.maxRateDescription, `${path}.maxRateDescription`, ctx.issues);
    return { type: 'scale', ...base, minLabel, maxLabel };
  }
  return ctx.issues.error(path, 'unsupported_rating_scale', `${count} 级 / ${count} points, ${min}–${max}`);
}

function mapText(el: Obj, type: string, base: Base, path: string, ctx: Ctx): Question | undefined {
  if (type === 'text' && present(el.inputType) && el.inputType !== 'text') {
    return ctx.issues.error(`${path}.inputType`, 'unsupported_input_type', String(el.inputType));
  }
  const surveyMax = type === 'comment' ? ctx.survey.maxCommentLength : ctx.survey.maxTextLength;
  const asked = [el.maxLength, surveyMax].find((x): x is number => typeof x === 'number' && x > 0);
  const maxLength = Math.min(asked ?? DEFAULT_TEXT_LENGTH, MAX_TEXT_LENGTH);
  if (asked !== maxLength) ctx.issues.warn(`${path}.maxLength`, 'length_limited', String(maxLength));
  return { type: 'text', ...base, maxLength };
}

const MAPPED: Record<string, QuestionType> = {
  rating: 'satisfaction',
  radiogroup: 'single',
  dropdown: 'single',
  checkbox: 'multiple',
  comment: 'text',
  text: 'text',
};

function mapQuestion(el: Obj, path: string, ctx: Ctx): void {
  const { issues } = ctx;
  const type = String(el.type).toLowerCase();
  ctx.seen++;
  if (!MAPPED[type]) {
    issues.error(path, 'unsupported_type', type);
    return;
  }
  const name = typeof el.name === 'string' ? el.name.trim() : '';
  if (!name) {
    issues.error(`${path}.name`, 'missing_name');
    return;
  }
  if (ctx.names.has(name)) issues.error(`${path}.name`, 'duplicate_name', name);
  ctx.names.add(name);
  checkBehaviour(el, path, ctx);

  const derived = idFrom(name, 'q_');
  const id = unique(derived ?? `q_${ctx.seen}`, ctx.ids);
  if (id !== snake(name)) issues.warn(`${path}.name`, 'renamed', id);

  const custom = el.indicator ?? el.indicatorCode;
  let indicator: string | undefined;
  if (custom !== undefined) {
    indicator = typeof custom === 'string' ? custom.trim().toUpperCase() : '';
    if (!INDICATOR_PATTERN.test(indicator)) {
      issues.error(`${path}.indicator`, 'invalid_indicator', String(custom));
      return;
    }
  } else {
    indicator = indicatorFromName(name) ?? `Q_${ctx.seen}`;
  }

  let text = localized(el.title, `${path}.title`, issues);
  if (!text) {
    if (el.title === undefined || el.title === null || typeof el.title === 'string') {
      issues.warn(`${path}.title`, 'title_from_name', name);
      text = { 'zh-CN': name.slice(0, MAX_TEXT), en: name.slice(0, MAX_TEXT) };
    } else return;
  }
  if (present(el.description)) issues.warn(`${path}.description`, 'dropped', 'description');
  const base: Base = { id, indicator, required: el.isRequired === true, text };

  let q: Question | undefined;
  if (type === 'rating') q = mapRating(el, base, path, ctx);
  else if (type === 'comment' || type === 'text') q = mapText(el, type, base, path, ctx);
  else {
    const opts = options(el, path, ctx);
    if (!opts) return;
    if (type === 'checkbox') {
      if (typeof el.minSelectedChoices === 'number' && el.minSelectedChoices > 1) {
        issues.error(`${path}.minSelectedChoices`, 'unsupported_feature', 'minSelectedChoices');
        return;
      }
      const max = typeof el.maxSelectedChoices === 'number' ? Math.floor(el.maxSelectedChoices) : 0;
      q = {
        type: 'multiple',
        ...base,
        options: opts,
        maxSelections: max > 0 ? Math.min(max, opts.length) : undefined,
      };
    } else {
      q = { type: 'single', ...base, options: opts };
    }
  }
  if (q) ctx.questions.push(q);
}

function walk(elements: unknown, path: string, ctx: Ctx, depth: number): void {
  if (elements === undefined) return;
  if (!Array.isArray(elements)) {
    ctx.issues.error(path, 'malformed', 'elements 须为数组 / elements must be an array');
    return;
  }
  if (depth > MAX_DEPTH) {
    ctx.issues.error(path, 'too_deep');
    return;
  }
  elements.forEach((el, i) => {
    const p = `${path}[${i}]`;
    if (!isObj(el) || typeof el.type !== 'string') {
      ctx.issues.error(p, 'malformed', '题目须为含 type 的对象 / an element must be an object with a type');
      return;
    }
    if (el.type.toLowerCase() === 'panel') {
      checkBehaviour(el, p, ctx);
      if (present(el.title)) ctx.issues.warn(p, 'panel_flattened');
      walk(el.elements, `${p}.elements`, ctx, depth + 1);
      return;
    }
    mapQuestion(el, p, ctx);
  });
}

/**
 * 1. Checks the file is a SurveyJS survey object; survey-level logic cannot be imported.
 * 2. Maps the title and description (→ intro), then every page's elements (panels flattened).
 * 3. Each question: supported type, no logic, id from `name`, indicator from the custom
 *    `indicator` property or from the name, localized title, type-specific settings.
 * 4. Throws `SurveyJsUnmappableError` listing everything that failed; else returns the content.
 */
export function importSurveyJs(survey: unknown): SurveyJsImport {
  const issues = new Issues();
  if (!isObj(survey)) {
    issues.error('survey', 'malformed', '须为 SurveyJS JSON 对象 / must be a SurveyJS JSON object');
    throw new SurveyJsUnmappableError(issues.errors);
  }
  const ctx: Ctx = { issues, survey, questions: [], names: new Set(), ids: new Set(), seen: 0 };
  for (const prop of SURVEY_BEHAVIOURAL) {
    if (present(survey[prop])) issues.error(prop, 'unsupported_feature', prop);
  }
  const title = localized(survey.title, 'title', issues);
  if (!title && !issues.errors.some((e) => e.field === 'title')) issues.error('title', 'missing_title');
  const intro = localized(survey.description, 'description', issues);

  if (survey.pages !== undefined && !Array.isArray(survey.pages)) {
    issues.error('pages', 'malformed', 'pages 须为数组 / pages must be an array');
  } else {
    (survey.pages ?? []).forEach((page: unknown, i: number) => {
      if (!isObj(page)) {
        issues.error(`pages[${i}]`, 'malformed', '页面须为对象 / a page must be an object');
        return;
      }
      checkBehaviour(page, `pages[${i}]`, ctx);
      walk(page.elements, `pages[${i}].elements`, ctx, 0);
    });
  }
  walk(survey.elements, 'elements', ctx, 0);

  if (ctx.seen === 0) issues.error('pages', 'no_questions');
  if (ctx.seen > MAX_QUESTIONS) issues.error('pages', 'too_many_questions', String(ctx.seen));
  if (issues.errors.length > 0) throw new SurveyJsUnmappableError(issues.errors);
  return {
    content: { title: title!, intro, questions: ctx.questions, scoreMapping: [0, 30, 60, 80, 100] },
    warnings: issues.warnings,
  };
}
