/**
 * Which texts of a questionnaire lack their Mongolian version. Pure, shared by the schema (which
 * refuses such a questionnaire) and the console editor (which says so before saving).
 */
import type { LocalizedText, Question } from '../schemas/questionnaire';

/**
 * Where a questionnaire that carries Mongolian anywhere lacks it (`title`, `questions.2.options.0.text` …);
 * empty when it has Mongolian on every text or on none. A half-translated form would mix scripts
 * and directions on the citizen's screen, so the Mongolian form is all or nothing.
 */
export function missingMongolian(c: {
  title: LocalizedText;
  intro?: LocalizedText;
  questions: readonly Question[];
}): string[] {
  const texts: [string, LocalizedText | undefined][] = [
    ['title', c.title],
    ['intro', c.intro],
  ];
  c.questions.forEach((q, i) => {
    texts.push([`questions.${i}.text`, q.text]);
    if (q.type === 'single' || q.type === 'multiple')
      q.options.forEach((o, j) => {
        texts.push([`questions.${i}.options.${j}.text`, o.text]);
      });
    if (q.type === 'scale')
      texts.push([`questions.${i}.minLabel`, q.minLabel], [`questions.${i}.maxLabel`, q.maxLabel]);
  });
  const present = texts.filter(([, t]) => t !== undefined) as [string, LocalizedText][];
  if (!present.some(([, t]) => t['mn-Mong'])) return [];
  return present.filter(([, t]) => !t['mn-Mong']).map(([path]) => path);
}
