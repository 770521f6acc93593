/** The free-text comment of a response, as lists and dashboards preview it. */
import type { QuestionnaireContent } from '../../schemas/questionnaire';
import type { Answers } from '../../schemas/submission';

export const COMMENT_PREVIEW_CHARS = 200;

/** The first non-blank answer to a text question, in question order; undefined without one. */
export function firstComment(
  content: QuestionnaireContent | undefined,
  answers: Answers,
): string | undefined {
  for (const q of content?.questions ?? []) {
    const a = answers[q.id];
    if (q.type === 'text' && typeof a === 'string' && a.trim() !== '') return a;
  }
  return undefined;
}

/** Cuts a text to `max` characters (code points, so no surrogate pair is split), marking the cut with '…'. */
export function preview(text: string, max = COMMENT_PREVIEW_CHARS): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}
