/** Factories for the citizen-form unit tests: a small questionnaire of every question type. */
import type { KeyValueStore, Question } from '../../../web/form/types';

const text = (zh: string, en = zh) => ({ 'zh-CN': zh, en });

/** One question of each type, all required unless overridden. */
export function questions(overrides: Partial<Record<Question['type'], Partial<Question>>> = {}): Question[] {
  return [
    { id: 'q_overall', type: 'satisfaction', indicator: 'OVERALL', required: true, text: text('总体评价') },
    {
      id: 'q_wait',
      type: 'single',
      indicator: 'WAIT',
      required: true,
      text: text('等候时间'),
      options: [
        { id: 'short', text: text('短') },
        { id: 'long', text: text('长') },
      ],
    },
    {
      id: 'q_good',
      type: 'multiple',
      indicator: 'GOOD',
      required: true,
      text: text('做得好的方面'),
      options: [
        { id: 'fast', text: text('快') },
        { id: 'polite', text: text('礼貌') },
        { id: 'clear', text: text('清楚') },
      ],
      maxSelections: 2,
    },
    { id: 'q_nps', type: 'scale', indicator: 'NPS', required: true, text: text('推荐') },
    { id: 'q_note', type: 'text', indicator: 'NOTE', required: false, text: text('意见'), maxLength: 5 },
  ].map((q) => ({ ...q, ...overrides[q.type as Question['type']] }) as Question);
}

/** An in-memory stand-in for localStorage; `failWrites` imitates Safari private mode / a full quota. */
export function memoryStore(failWrites = false): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => {
      if (failWrites) throw new DOMException('quota', 'QuotaExceededError');
      data.set(k, v);
    },
    removeItem: (k) => {
      data.delete(k);
    },
  };
}
