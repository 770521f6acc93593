/**
 * Checks a citizen's answers against the questionnaire version they answered.
 * Pure: returns normalised answers or throws one `ValidationError` listing every problem.
 */
import type { Question, QuestionnaireContent } from '../schemas/questionnaire';
import type { Answers, AnswerValue } from '../schemas/submission';
import { type FieldIssue, ValidationError } from './errors';
import { isSatisfactionLevel } from './satisfaction';

type Issue = Omit<FieldIssue, 'field'>;

const issue = (code: string, message: string, messageEn: string): Issue => ({ code, message, messageEn });

const REQUIRED = issue('required', '此题为必答题', 'This question is required');
const WRONG_TYPE = issue('invalid_type', '答案格式不正确', 'The answer has the wrong type');

function checkOne(q: Question, value: AnswerValue): Issue | AnswerValue {
  switch (q.type) {
    case 'satisfaction':
      if (typeof value !== 'number') return WRONG_TYPE;
      return isSatisfactionLevel(value)
        ? value
        : issue('out_of_range', '请选择五级评价中的一项', 'Choose one of the five levels');
    case 'scale':
      if (typeof value !== 'number') return WRONG_TYPE;
      return Number.isInteger(value) && value >= 0 && value <= 10
        ? value
        : issue('out_of_range', '请选择 0 到 10 之间的整数', 'Choose a whole number from 0 to 10');
    case 'single':
      if (typeof value !== 'string') return WRONG_TYPE;
      return q.options.some((o) => o.id === value)
        ? value
        : issue('unknown_option', '选项不存在', 'Unknown option');
    case 'multiple': {
      if (!Array.isArray(value)) return WRONG_TYPE;
      const unique = [...new Set(value)];
      if (unique.length !== value.length)
        return issue('duplicate_option', '选项重复', 'An option is repeated');
      if (unique.some((id) => !q.options.some((o) => o.id === id))) {
        return issue('unknown_option', '选项不存在', 'Unknown option');
      }
      if (q.maxSelections !== undefined && unique.length > q.maxSelections) {
        return issue(
          'too_many_selections',
          `最多选择 ${q.maxSelections} 项`,
          `Choose at most ${q.maxSelections} options`,
        );
      }
      return unique;
    }
    case 'text': {
      if (typeof value !== 'string') return WRONG_TYPE;
      const text = value.trim();
      if ([...text].length > q.maxLength) {
        return issue('too_long', `不能超过 ${q.maxLength} 个字`, `At most ${q.maxLength} characters`);
      }
      return text;
    }
  }
}

const isEmpty = (v: AnswerValue): boolean => v === '' || (Array.isArray(v) && v.length === 0);

/**
 * Validates `answers` against `content`.
 *
 * 1. Rejects answers to questions the version does not have.
 * 2. Checks each answer's type, range, options and length.
 * 3. Requires an answer to every required question (blank text or no choice counts as missing).
 * 4. Returns the normalised answers (trimmed text, blank optional answers dropped).
 */
export function validateAnswers(content: QuestionnaireContent, answers: Answers): Answers {
  const issues: FieldIssue[] = [];
  const byId = new Map(content.questions.map((q) => [q.id, q]));
  for (const id of Object.keys(answers)) {
    if (!byId.has(id)) {
      issues.push({
        field: `answers.${id}`,
        ...issue('unknown_question', '问卷中没有这道题', 'No such question'),
      });
    }
  }
  const normalised: Answers = {};
  for (const q of content.questions) {
    const raw = Object.hasOwn(answers, q.id) ? answers[q.id] : undefined;
    const checked = raw === undefined ? undefined : checkOne(q, raw);
    if (checked !== undefined && typeof checked === 'object' && !Array.isArray(checked)) {
      issues.push({ field: `answers.${q.id}`, ...checked });
    } else if (checked === undefined || isEmpty(checked)) {
      if (q.required) issues.push({ field: `answers.${q.id}`, ...REQUIRED });
    } else {
      normalised[q.id] = checked;
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return normalised;
}
