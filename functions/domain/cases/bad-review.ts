/**
 * 差评 detection: a response is a bad review when any satisfaction question got one of the
 * bottom two levels, or a free-text comment contains a word from a configurable list.
 */
import type { QuestionnaireContent } from '../../schemas/questionnaire';
import type { Answers } from '../../schemas/submission';
import { isBadLevel, isSatisfactionLevel } from '../satisfaction';

/** Words that mark a complaint in a comment; provinces may extend or replace the list. */
export const DEFAULT_COMPLAINT_KEYWORDS: readonly string[] = [
  '投诉',
  '态度差',
  '态度恶劣',
  '刁难',
  '推诿',
  '不作为',
  '吃拿卡要',
  '收红包',
  '乱收费',
  '索要',
  '辱骂',
  '敷衍',
  '拖延',
];

/** Why a response counts as a bad review; empty when it does not. */
export function badReviewReasons(
  content: QuestionnaireContent,
  answers: Answers,
  keywords: readonly string[] = DEFAULT_COMPLAINT_KEYWORDS,
): string[] {
  const reasons: string[] = [];
  for (const q of content.questions) {
    const a = answers[q.id];
    if (q.type === 'satisfaction' && isSatisfactionLevel(a) && isBadLevel(a))
      reasons.push(`level:${q.id}:${a}`);
    if (q.type === 'text' && typeof a === 'string') {
      const hit = keywords.find((k) => k.length > 0 && a.includes(k));
      if (hit) reasons.push(`keyword:${q.id}:${hit}`);
    }
  }
  return reasons;
}

/** The comment texts of a response (the case summary quotes them for the handler). */
export function commentsOf(content: QuestionnaireContent, answers: Answers): string[] {
  return content.questions
    .filter((q) => q.type === 'text' && typeof answers[q.id] === 'string')
    .map((q) => answers[q.id] as string);
}
