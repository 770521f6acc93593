import { describe, expect, it } from 'vitest';
import {
  addOption,
  addQuestion,
  checkDraft,
  emptyContent,
  forPreview,
  moveItem,
  moveQuestion,
  newQuestion,
  nextId,
  optionalText,
  removeOption,
  removeQuestion,
  retype,
  setText,
  updateOption,
  updateQuestion,
} from '../../../web/console/editor-model';
import type { Question, QuestionnaireContent } from '../../../web/console/types';

const t = (zh: string, en = zh) => ({ 'zh-CN': zh, en });

function filled(): QuestionnaireContent {
  let c = emptyContent();
  c = { ...c, title: t('窗口评价', 'Window') };
  c = updateQuestion(c, 0, (q) => ({ ...q, text: t('总体', 'Overall') }));
  c = addQuestion(c, 'single');
  c = updateQuestion(c, 1, (q) => ({ ...q, text: t('业务', 'Business') }));
  c = updateQuestion(c, 1, (q) => updateOption(q, 0, (o) => ({ ...o, text: t('户籍', 'Residence') })));
  c = updateQuestion(c, 1, (q) => updateOption(q, 1, (o) => ({ ...o, text: t('出入境', 'Exit') })));
  return c;
}

describe('questionnaire editor model', () => {
  it('gives new questions unused ids', () => {
    expect(nextId('q', ['q1', 'q2', 'q4'])).toBe('q3');
    const c = addQuestion(addQuestion(emptyContent(), 'text'), 'scale');
    expect(c.questions.map((q) => q.id)).toEqual(['q1', 'q2', 'q3']);
  });

  it('starts choice questions with two options and text questions with a length limit', () => {
    const single = newQuestion('single', []);
    const text = newQuestion('text', []);
    expect(single.type === 'single' && single.options.length).toBe(2);
    expect(text.type === 'text' && text.maxLength).toBe(500);
  });

  it('reorders questions without losing any, and ignores moves past the ends', () => {
    const c = filled();
    const moved = moveQuestion(c, 1, -1);
    expect(moved.questions.map((q) => q.id)).toEqual(['q2', 'q1']);
    expect(moveQuestion(c, 0, -1).questions.map((q) => q.id)).toEqual(['q1', 'q2']);
    expect(moveItem([1, 2, 3], 0, 2)).toEqual([2, 3, 1]);
  });

  it('never removes the last question', () => {
    const one = emptyContent();
    expect(removeQuestion(one, 0)).toBe(one);
    expect(removeQuestion(filled(), 0).questions.map((q) => q.id)).toEqual(['q2']);
  });

  it('leaves the original content untouched (edits are immutable)', () => {
    const c = filled();
    const before = JSON.stringify(c);
    updateQuestion(c, 0, (q) => ({ ...q, required: false }));
    addQuestion(c, 'text');
    expect(JSON.stringify(c)).toBe(before);
  });

  it('keeps id, text and options when the type changes between choice types', () => {
    const single = filled().questions[1]!;
    const multiple = retype(single, 'multiple');
    expect(multiple).toMatchObject({ type: 'multiple', id: 'q2', text: t('业务', 'Business') });
    expect('options' in multiple && multiple.options.map((o) => o.id)).toEqual(['o1', 'o2']);
    const text = retype(multiple, 'text') as Extract<Question, { type: 'text' }>;
    expect(text).not.toHaveProperty('options');
    expect(text.maxLength).toBe(500);
  });

  it('adds, removes and keeps at least two options, trimming maxSelections to fit', () => {
    let q: Question = { ...newQuestion('multiple', []), maxSelections: 3 } as Question;
    q = addOption(q);
    expect('options' in q && q.options.map((o) => o.id)).toEqual(['o1', 'o2', 'o3']);
    q = removeOption(q, 0);
    expect(q).toMatchObject({ maxSelections: 2 });
    expect(removeOption(q, 0)).toEqual(q);
  });

  it('clears an optional text when both languages are blank', () => {
    expect(optionalText(undefined, 'zh-CN', '说明')).toEqual({ 'zh-CN': '说明', en: '' });
    expect(optionalText(t('说明', ''), 'zh-CN', ' ')).toBeUndefined();
  });

  it('drops a blank Mongolian text but keeps blank Chinese and English for the checks', () => {
    expect(setText(t('标题', 'Title'), 'mn-Mong', 'ᠭᠠᠷᠴᠠᠭ')).toEqual({
      ...t('标题', 'Title'),
      'mn-Mong': 'ᠭᠠᠷᠴᠠᠭ',
    });
    expect(setText({ ...t('标题', 'Title'), 'mn-Mong': 'ᠭᠠᠷᠴᠠᠭ' }, 'mn-Mong', ' ')).toEqual(
      t('标题', 'Title'),
    );
    expect(setText(t('标题', 'Title'), 'en', '')).toEqual(t('标题', ''));
    expect(optionalText(undefined, 'mn-Mong', 'ᠰᠠᠨᠠᠯ')).toEqual({ 'zh-CN': '', en: '', 'mn-Mong': 'ᠰᠠᠨᠠᠯ' });
  });

  it('asks for Mongolian on every text once one text has it', () => {
    const c = filled();
    const fields = checkDraft({ ...c, title: { ...c.title, 'mn-Mong': 'ᠭᠠᠷᠴᠠᠭ' } }).map((p) => p.field);
    expect(fields.length).toBeGreaterThan(0);
    expect(fields.every((f) => f.endsWith('.mn-Mong'))).toBe(true);
    expect(fields).toContain('questions.0.text.mn-Mong');
    expect(fields).not.toContain('title.mn-Mong');
  });

  it('accepts a complete draft', () => {
    expect(checkDraft(filled())).toEqual([]);
  });

  it('lists blank texts, bad ids and codes, and duplicate ids with their fields', () => {
    let c = filled();
    c = updateQuestion(c, 1, (q) => ({ ...q, id: 'q1', indicator: 'bad code', text: t('业务', '') }));
    const fields = checkDraft({ ...c, title: t('', 'x') }).map((p) => p.field);
    expect(fields).toEqual(['title.zh-CN', 'questions.1.id', 'questions.1.indicator', 'questions.1.text.en']);
  });

  it('shows placeholders in the preview where texts are still blank', () => {
    const p = forPreview(addQuestion(emptyContent(), 'single'));
    expect(p.title['zh-CN']).toBe('（未填写标题）');
    expect(p.questions[1]!.text.en).toBe('(question 2)');
    expect('options' in p.questions[1]! && p.questions[1].options[1]!.text['zh-CN']).toBe('选项 2');
  });
});
