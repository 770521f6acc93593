/**
 * What a visit record shows of the cases opened from it: the issue each raises, without personal
 * data. A bad review is described by its reasons (the question and the level, the complaint word)
 * and a short excerpt of the comment with phone numbers, ID numbers and e-mail addresses removed;
 * a case recorded by staff by its problem, redacted the same way.
 */
import { isSatisfactionLevel, SATISFACTION_LABELS } from '../satisfaction';
import type { FollowUpCase } from './model';

/** The summary of a bad review that came without a comment (set when the case is opened). */
export const NO_COMMENT_SUMMARY = '差评（无文字意见）Bad review without comment';

const EXCERPT_CHARS = 120;
const REDACTED = '＊＊＊';

// Mainland mobiles (with +86, spaces or dashes), landlines with an area code, 15/18-digit
// identity card numbers, e-mail addresses; digit boundaries keep unit codes and dates intact.
const PERSONAL = [
  /(?<!\d)(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)/g,
  /(?<!\d)0\d{2,3}[\s-]?\d{7,8}(?!\d)/g,
  /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g,
  /(?<!\d)\d{15}(?!\d)/g,
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
];

/** `text` with phone, identity card and e-mail patterns replaced by ＊＊＊. */
export function redactPersonalData(text: string): string {
  return PERSONAL.reduce((t, re) => t.replace(re, REDACTED), text);
}

const excerpt = (text: string): string => {
  const clean = redactPersonalData(text.trim());
  return clean.length > EXCERPT_CHARS ? `${clean.slice(0, EXCERPT_CHARS)}…` : clean;
};

/** One reason of an automatic case (`level:{question}:{level}`, `keyword:{question}:{word}`) in words. */
export function describeReason(reason: string, titleOf: (questionId: string) => string | undefined): string {
  const [kind, questionId = '', rest = ''] = reason.split(':');
  const title = titleOf(questionId) ?? questionId;
  if (kind === 'level') {
    const level = Number(rest);
    return `「${title}」${isSatisfactionLevel(level) ? SATISFACTION_LABELS[level]['zh-CN'] : rest}`;
  }
  if (kind === 'keyword') return `「${title}」投诉词“${rest}”`;
  return reason;
}

/** The issue a case raises, as a visit record lists it. */
export function issueOfCase(
  c: Pick<FollowUpCase, 'source' | 'summary' | 'reasons'>,
  titleOf: (questionId: string) => string | undefined = () => undefined,
): string {
  if (c.source !== 'response') return excerpt(c.summary);
  const reasons = c.reasons.map((r) => describeReason(r, titleOf)).join('；');
  const comment = c.summary === NO_COMMENT_SUMMARY ? '' : excerpt(c.summary);
  return [reasons, comment && `意见：${comment}`].filter(Boolean).join('；');
}
