/**
 * Renders a questionnaire as accessible HTML: one `<fieldset>` + `<legend>` per question, real
 * radio and checkbox inputs inside their labels (styled as large buttons by form.css), and an
 * error slot linked through aria-describedby. Shared with the future console editor preview,
 * so it knows nothing about tokens, storage or the network.
 */
import { h, replaceChildren } from '../shared/dom';
import { pick, t } from './i18n';
import type { AnswerValue, DraftAnswers, Locale, Question, QuestionnaireContent } from './types';
import { textLength } from './validate';

/** What the renderer needs of a questionnaire (a FormView's `questionnaire` or a console draft). */
export type RenderableQuestionnaire = Pick<QuestionnaireContent, 'title' | 'intro' | 'questions'>;

/** The citizen's answers so far and the error message to show per question id. */
export interface RenderState {
  answers: DraftAnswers;
  errors: Record<string, string>;
}

const SATISFACTION_LEVELS = [5, 4, 3, 2, 1] as const;

const ids = (qid: string) => ({
  legend: `q-${qid}-l`,
  hint: `q-${qid}-hint`,
  err: `q-${qid}-err`,
  count: `q-${qid}-count`,
  input: `q-${qid}-in`,
});

function choice(
  type: 'radio' | 'checkbox',
  name: string,
  value: string,
  label: string,
  checked: boolean,
): HTMLLabelElement {
  return h(
    'label',
    { class: 'opt' },
    h('input', { type, name, value, checked, class: 'ctl' }),
    h('span', { class: `box ${type}` }, label),
  );
}

function hintOf(q: Question, locale: Locale): string | null {
  if (q.type === 'multiple') {
    return q.maxSelections && q.maxSelections < q.options.length
      ? t(locale, 'chooseUpTo', { n: q.maxSelections })
      : t(locale, 'chooseAny');
  }
  if (q.type === 'scale') {
    return t(locale, 'scaleHint', {
      min: q.minLabel ? pick(q.minLabel, locale) : t(locale, 'scaleMin'),
      max: q.maxLabel ? pick(q.maxLabel, locale) : t(locale, 'scaleMax'),
    });
  }
  return null;
}

function controls(q: Question, locale: Locale, value: AnswerValue | undefined): HTMLElement {
  switch (q.type) {
    case 'satisfaction':
      return h(
        'div',
        { class: 'opts' },
        ...SATISFACTION_LEVELS.map((lvl) =>
          choice('radio', q.id, String(lvl), t(locale, `satisfaction${lvl}`), value === lvl),
        ),
      );
    case 'scale':
      return h(
        'div',
        { class: 'opts scale' },
        ...Array.from({ length: 11 }, (_, n) => choice('radio', q.id, String(n), String(n), value === n)),
      );
    case 'single':
      return h(
        'div',
        { class: 'opts' },
        ...q.options.map((o) => choice('radio', q.id, o.id, pick(o.text, locale), value === o.id)),
      );
    case 'multiple': {
      const chosen = Array.isArray(value) ? value : [];
      return h(
        'div',
        { class: 'opts' },
        ...q.options.map((o) => choice('checkbox', q.id, o.id, pick(o.text, locale), chosen.includes(o.id))),
      );
    }
    case 'text': {
      const i = ids(q.id);
      const text = typeof value === 'string' ? value : '';
      const area = h('textarea', {
        id: i.input,
        name: q.id,
        rows: 4,
        'aria-labelledby': i.legend,
        'aria-describedby': `${i.count} ${i.err}`,
      });
      area.value = text;
      return h(
        'div',
        { class: 'text' },
        area,
        h(
          'p',
          { class: 'count', id: i.count },
          t(locale, 'charCount', { n: textLength(text), max: q.maxLength }),
        ),
      );
    }
  }
}

function questionBlock(q: Question, n: number, locale: Locale, state: RenderState): HTMLFieldSetElement {
  const i = ids(q.id);
  const hint = hintOf(q, locale);
  const error = state.errors[q.id];
  return h(
    'fieldset',
    {
      class: error ? 'q invalid' : 'q',
      id: `q-${q.id}`,
      'data-q': q.id,
      'aria-describedby': hint ? `${i.hint} ${i.err}` : i.err,
    },
    h(
      'legend',
      { id: i.legend },
      h('span', { class: 'n' }, `${n}.`),
      ' ',
      pick(q.text, locale),
      ' ',
      h('span', { class: q.required ? 'tag req' : 'tag' }, t(locale, q.required ? 'required' : 'optional')),
    ),
    hint && h('p', { class: 'hint', id: i.hint }, hint),
    controls(q, locale, state.answers[q.id]),
    h('p', { class: 'err', id: i.err }, error ?? ''),
  );
}

/**
 * Renders the title, intro and all questions of `questionnaire` into `container`, replacing its
 * content. Inputs are named by question id; read them back with {@link readAnswer}.
 */
export function renderQuestionnaire(
  container: Element,
  questionnaire: RenderableQuestionnaire,
  locale: Locale,
  state: RenderState,
): void {
  replaceChildren(
    container,
    h('h1', { id: 'title' }, pick(questionnaire.title, locale)),
    questionnaire.intro && h('p', { class: 'intro' }, pick(questionnaire.intro, locale)),
    ...questionnaire.questions.map((q, idx) => questionBlock(q, idx + 1, locale, state)),
  );
}

/** Reads the current answer to `q` from the rendered inputs under `root`. */
export function readAnswer(root: ParentNode, q: Question): AnswerValue {
  if (q.type === 'text') {
    const area = root.querySelector<HTMLTextAreaElement>(`#${ids(q.id).input}`);
    return area ? area.value : '';
  }
  const checked = Array.from(root.querySelectorAll<HTMLInputElement>(`input[name="${q.id}"]`)).filter(
    (el) => el.checked,
  );
  if (q.type === 'multiple') return checked.map((el) => el.value);
  const v = checked[0]?.value;
  if (v === undefined) return '';
  return q.type === 'single' ? v : Number(v);
}

/** Shows (or clears, with null) the inline error of question `qid` without re-rendering it. */
export function setQuestionError(root: ParentNode, qid: string, message: string | null): void {
  const box = root.querySelector(`#q-${qid}`);
  const slot = root.querySelector(`#${ids(qid).err}`);
  if (!box || !slot) return;
  slot.textContent = message ?? '';
  box.classList.toggle('invalid', Boolean(message));
  root.querySelector(`#${ids(qid).input}`)?.setAttribute('aria-invalid', message ? 'true' : 'false');
}

/** Updates the character counter of a text question. */
export function setCounter(root: ParentNode, q: Question, locale: Locale, text: string): void {
  if (q.type !== 'text') return;
  const el = root.querySelector(`#${ids(q.id).count}`);
  if (!el) return;
  const n = textLength(text.trim());
  el.textContent = t(locale, 'charCount', { n, max: q.maxLength });
  el.classList.toggle('over', n > q.maxLength);
}

/** Moves focus to the first input of question `qid` (which also scrolls it into view). */
export function focusQuestion(root: ParentNode, qid: string): void {
  root.querySelector<HTMLElement>(`#q-${qid} input, #q-${qid} textarea`)?.focus();
}
