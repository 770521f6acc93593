/**
 * The questionnaire editor: a structured form for the five question types beside a live preview
 * drawn by the citizen form's own renderer (web/form/render.ts), so authors see exactly what
 * citizens will. Published versions open read-only.
 *
 * Primary course:
 * 1. Load the version (or start from an empty draft for `#/questionnaires/new`).
 * 2. Every keystroke updates the model and redraws the preview; structural edits redraw the form.
 * 3. Save checks the draft locally, then creates (POST) or replaces (PUT) it; server errors are listed.
 * 4. Publish saves first, asks for confirmation, then publishes the immutable version.
 */

import { renderQuestionnaire } from '../../form/render';
import { h, replaceChildren } from '../../shared/dom';
import type { Ctx } from '../context';
import {
  addOption,
  addQuestion,
  checkDraft,
  emptyContent,
  forPreview,
  moveOption,
  moveQuestion,
  optionalText,
  QUESTION_TYPES,
  removeOption,
  removeQuestion,
  retype,
  setText,
  updateOption,
  updateQuestion,
} from '../editor-model';
import { locale, t, tOr } from '../i18n';
import { type Route, routeHref } from '../routes';
import type {
  Locale,
  LocalizedText,
  Question,
  QuestionnaireContent,
  QuestionnaireVersionView,
} from '../types';
import { busy, button, checkbox, errorPanel, field, input, on, pageTitle, select, statusLine } from '../ui';
import { refOf } from './questionnaires';

type Side = keyof LocalizedText;

/**
 * Three inputs, Chinese, English and (optional) traditional Mongolian, bound to one localized text.
 * The Mongolian field's label is the Chinese one with its language named instead.
 */
function textPair(
  labels: [string, string],
  value: LocalizedText | undefined,
  onChange: (side: Side, v: string) => void,
  key: string,
  multiline = false,
): HTMLElement[] {
  const mnLabel = labels[0].replace(t('edZhSuffix'), t('edMnSuffix'));
  return (['zh-CN', 'en', 'mn-Mong'] as const).map((side, i) => {
    const el = multiline
      ? h('textarea', { rows: 2, maxlength: 500, lang: side, 'data-k': `${key}.${side}` })
      : input({ maxlength: 500, lang: side, 'data-k': `${key}.${side}` });
    el.value = value?.[side] ?? '';
    on(el, 'input', () => onChange(side, el.value));
    return field(labels[i] ?? mnLabel, el);
  });
}

/** `#/questionnaires/new?ownerId` (ref null) or `#/questionnaires/:id/v/:v`. */
export async function editorPage(
  ctx: Ctx,
  ref: { id: string; version: number } | null,
  route: Route,
  root: HTMLElement,
): Promise<void> {
  const body = h('div', { class: 'stack' }, h('p', { class: 'muted' }, t('loading')));
  replaceChildren(root, pageTitle(ref ? `${ref.id} · v${ref.version}` : t('qNew')), body);
  let loaded: QuestionnaireVersionView | null = null;
  try {
    if (ref) {
      loaded = await ctx.api.get<QuestionnaireVersionView>(
        `/questionnaires/${encodeURIComponent(ref.id)}/versions/${ref.version}`,
      );
    }
  } catch (err) {
    replaceChildren(body, errorPanel(err));
    return;
  }
  const readOnly = !ctx.can('questionnaire:write') || (loaded !== null && loaded.status !== 'draft');
  let content: QuestionnaireContent = loaded?.content ?? emptyContent();
  let previewLocale: Locale = locale();

  const status = statusLine();
  const form = h('fieldset', { class: 'editor', disabled: readOnly });
  const preview = h('div', { class: 'fp', id: 'preview' });
  const previewBox = h('section', { class: 'preview-pane', 'aria-labelledby': 'preview-h' });

  let frame = 0;
  const refreshPreview = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      preview.setAttribute('lang', previewLocale);
      renderQuestionnaire(preview, forPreview(content), previewLocale, { answers: {}, errors: {} });
    });
  };
  const set = (next: QuestionnaireContent) => {
    content = next;
    refreshPreview();
  };
  /** Structural change: redraw the form, then put focus back where the user was acting. */
  const restructure = (next: QuestionnaireContent, focusKey?: string) => {
    content = next;
    drawForm();
    refreshPreview();
    if (focusKey) form.querySelector<HTMLElement>(`[data-k="${focusKey}"]`)?.focus();
  };

  function optionRows(q: Extract<Question, { options: unknown }>, qi: number): HTMLElement {
    const upd = (fn: (q: Question) => Question, focus?: string) =>
      restructure(updateQuestion(content, qi, fn), focus);
    return h(
      'div',
      { class: 'options' },
      h('h4', {}, t('edOptions')),
      ...q.options.map((o, oi) =>
        h(
          'div',
          { class: 'option', role: 'group', 'aria-label': t('edOptionN', { n: oi + 1 }) },
          field(
            t('edId'),
            input({ maxlength: 32, class: 'short', 'data-k': `q${qi}.o${oi}.id` }, o.id, (v) =>
              set(updateQuestion(content, qi, (x) => updateOption(x, oi, (y) => ({ ...y, id: v.trim() })))),
            ),
          ),
          ...textPair(
            [t('edOptionZh'), t('edOptionEn')],
            o.text,
            (side, v) =>
              set(
                updateQuestion(content, qi, (x) =>
                  updateOption(x, oi, (y) => ({ ...y, text: setText(y.text, side, v) })),
                ),
              ),
            `q${qi}.o${oi}.text`,
          ),
          h(
            'div',
            { class: 'mini-actions' },
            button('↑', () => upd((x) => moveOption(x, oi, -1), `q${qi}.o${oi - 1}.up`), {
              'aria-label': `${t('edUp')} ${t('edOptionN', { n: oi + 1 })}`,
              'data-k': `q${qi}.o${oi}.up`,
              disabled: oi === 0,
            }),
            button('↓', () => upd((x) => moveOption(x, oi, 1), `q${qi}.o${oi + 1}.down`), {
              'aria-label': `${t('edDown')} ${t('edOptionN', { n: oi + 1 })}`,
              'data-k': `q${qi}.o${oi}.down`,
              disabled: oi === q.options.length - 1,
            }),
            button('×', () => upd((x) => removeOption(x, oi), `q${qi}.addopt`), {
              'aria-label': `${t('edRemove')} ${t('edOptionN', { n: oi + 1 })}`,
              disabled: q.options.length <= 2,
            }),
          ),
        ),
      ),
      button(`+ ${t('edAddOption')}`, () => upd(addOption, `q${qi}.o${q.options.length}.id`), {
        'data-k': `q${qi}.addopt`,
      }),
    );
  }

  function typeSpecific(q: Question, qi: number): HTMLElement | null {
    const upd = (fn: (q: Question) => Question) => set(updateQuestion(content, qi, fn));
    switch (q.type) {
      case 'single':
        return optionRows(q, qi);
      case 'multiple':
        return h(
          'div',
          {},
          optionRows(q, qi),
          field(
            t('edMaxSel'),
            input(
              { type: 'number', min: 1, max: q.options.length, class: 'short' },
              q.maxSelections ?? '',
              (v) =>
                upd((x) =>
                  x.type === 'multiple' ? { ...x, maxSelections: v === '' ? undefined : Number(v) } : x,
                ),
            ),
          ),
        );
      case 'scale':
        return h(
          'div',
          { class: 'pair' },
          ...textPair(
            [t('edMinLabelZh'), t('edMinLabelEn')],
            q.minLabel,
            (side, v) =>
              upd((x) => (x.type === 'scale' ? { ...x, minLabel: optionalText(x.minLabel, side, v) } : x)),
            `q${qi}.min`,
          ),
          ...textPair(
            [t('edMaxLabelZh'), t('edMaxLabelEn')],
            q.maxLabel,
            (side, v) =>
              upd((x) => (x.type === 'scale' ? { ...x, maxLabel: optionalText(x.maxLabel, side, v) } : x)),
            `q${qi}.max`,
          ),
        );
      case 'text':
        return field(
          t('edMaxLength'),
          input({ type: 'number', min: 1, max: 2000, class: 'short' }, q.maxLength, (v) =>
            upd((x) => (x.type === 'text' ? { ...x, maxLength: Number(v) } : x)),
          ),
        );
      default:
        return null;
    }
  }

  function questionCard(q: Question, qi: number, count: number): HTMLElement {
    const upd = (fn: (q: Question) => Question) => set(updateQuestion(content, qi, fn));
    return h(
      'fieldset',
      { class: 'qedit' },
      h('legend', {}, `${t('edQuestionN', { n: qi + 1 })} · ${tOr(`type_${q.type}`, q.type)}`),
      h(
        'div',
        { class: 'row' },
        field(
          t('edType'),
          select(
            QUESTION_TYPES.map((ty): [string, string] => [ty, tOr(`type_${ty}`, ty)]),
            q.type,
            (v) =>
              restructure(
                updateQuestion(content, qi, (x) => retype(x, v as Question['type'])),
                `q${qi}.type`,
              ),
            { 'data-k': `q${qi}.type` },
          ),
        ),
        field(
          t('edId'),
          input({ maxlength: 32, class: 'short', 'data-k': `q${qi}.id` }, q.id, (v) =>
            upd((x) => ({ ...x, id: v.trim() })),
          ),
        ),
        field(
          t('edIndicator'),
          input({ maxlength: 32, class: 'short' }, q.indicator, (v) =>
            upd((x) => ({ ...x, indicator: v.trim().toUpperCase() })),
          ),
        ),
        checkbox(t('edRequired'), q.required, (v) => upd((x) => ({ ...x, required: v }))),
      ),
      h(
        'div',
        { class: 'pair' },
        ...textPair(
          [t('edTextZh'), t('edTextEn')],
          q.text,
          (side, v) => upd((x) => ({ ...x, text: setText(x.text, side, v) })),
          `q${qi}.text`,
          true,
        ),
      ),
      typeSpecific(q, qi),
      h(
        'div',
        { class: 'mini-actions' },
        button(t('edUp'), () => restructure(moveQuestion(content, qi, -1), `q${qi - 1}.up`), {
          'data-k': `q${qi}.up`,
          disabled: qi === 0,
        }),
        button(t('edDown'), () => restructure(moveQuestion(content, qi, 1), `q${qi + 1}.down`), {
          'data-k': `q${qi}.down`,
          disabled: qi === count - 1,
        }),
        button(t('edRemove'), () => restructure(removeQuestion(content, qi), 'add-type'), {
          class: 'btn danger',
          disabled: count <= 1,
        }),
      ),
    );
  }

  function drawForm(): void {
    const addType = select(
      QUESTION_TYPES.map((ty): [string, string] => [ty, tOr(`type_${ty}`, ty)]),
      'satisfaction',
      undefined,
      { 'data-k': 'add-type' },
    );
    replaceChildren(
      form,
      h('legend', { class: 'sr-only' }, t('edQuestions')),
      h(
        'div',
        { class: 'pair' },
        ...textPair(
          [t('edTitleZh'), t('edTitleEn')],
          content.title,
          (side, v) => set({ ...content, title: setText(content.title, side, v) }),
          'title',
        ),
        ...textPair(
          [t('edIntroZh'), t('edIntroEn')],
          content.intro,
          (side, v) => set({ ...content, intro: optionalText(content.intro, side, v) }),
          'intro',
          true,
        ),
      ),
      h('h2', {}, t('edQuestions')),
      ...content.questions.map((q, i) => questionCard(q, i, content.questions.length)),
      readOnly
        ? null
        : h(
            'div',
            { class: 'toolbar' },
            field(t('edType'), addType),
            button(`+ ${t('edAdd')}`, () =>
              restructure(
                addQuestion(content, addType.value as Question['type']),
                `q${content.questions.length}.text.zh-CN`,
              ),
            ),
          ),
    );
  }

  /** Saves the draft; returns its id and version, or null when the local check found problems. */
  async function save(): Promise<{ id: string; version: number } | null> {
    const problems = checkDraft(content);
    if (problems.length > 0) {
      const en = locale() === 'en';
      replaceChildren(
        status.el,
        h(
          'div',
          { class: 'alert error', role: 'alert' },
          h('p', { class: 'alert-title' }, t('edProblems')),
          h('ul', { class: 'details' }, ...problems.map((p) => h('li', {}, en ? p.messageEn : p.message))),
        ),
      );
      return null;
    }
    if (ref) {
      await ctx.api.put(`/questionnaires/${encodeURIComponent(ref.id)}/versions/${ref.version}`, { content });
      status.say(t('saved'));
      return ref;
    }
    const ownerId = route.query.ownerId || ctx.me.scopeId;
    const created = refOf(await ctx.api.post('/questionnaires', { ownerId, content }));
    status.say(t('saved'));
    return created;
  }

  const langButtons = (['zh-CN', 'en'] as const).map((l) =>
    button(
      l === 'zh-CN' ? '中文' : 'English',
      () => {
        previewLocale = l;
        for (const b of langButtons) b.setAttribute('aria-pressed', String(b.dataset.l === l));
        refreshPreview();
      },
      { 'aria-pressed': String(previewLocale === l), 'data-l': l, class: 'btn toggle' },
    ),
  );
  replaceChildren(
    previewBox,
    h(
      'div',
      { class: 'preview-head' },
      h('h2', { id: 'preview-h' }, t('edPreview')),
      h('div', { class: 'inline', role: 'group', 'aria-label': t('edPreviewLang') }, ...langButtons),
    ),
    preview,
  );

  const saveBtn = button(
    t('save'),
    () =>
      void busy(saveBtn, status, async () => {
        const saved = await save();
        if (saved && !ref) ctx.go(routeHref('questionnaires', [saved.id, 'v', String(saved.version)]));
      }),
    { class: 'btn primary' },
  );
  const publishBtn = button(
    t('qPublish'),
    () =>
      void busy(publishBtn, status, async () => {
        const saved = await save();
        if (!saved || !window.confirm(t('qConfirmPublish'))) return;
        await ctx.api.post(
          `/questionnaires/${encodeURIComponent(saved.id)}/versions/${saved.version}/publish`,
          {},
        );
        status.say(t('qPublished'));
        ctx.go(routeHref('questionnaires', [saved.id]));
      }),
  );

  drawForm();
  refreshPreview();
  replaceChildren(
    body,
    h(
      'p',
      {},
      h(
        'a',
        { href: ref ? routeHref('questionnaires', [ref.id]) : routeHref('questionnaires') },
        `← ${t('back')}`,
      ),
      loaded ? ` · ${tOr(`status_${loaded.status}`, loaded.status)}` : '',
    ),
    readOnly && loaded?.status === 'published' ? h('p', { class: 'alert info' }, t('qReadOnly')) : null,
    readOnly ? null : h('div', { class: 'actions sticky' }, saveBtn, publishBtn),
    status.el,
    h('div', { class: 'split' }, h('div', { class: 'editor-pane' }, form), previewBox),
  );
}
