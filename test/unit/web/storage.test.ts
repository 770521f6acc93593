import { describe, expect, it } from 'vitest';
import {
  clearDraft,
  DONE_MAX_AGE_MS,
  DRAFT_MAX_AGE_MS,
  loadDone,
  loadDraft,
  newDraft,
  newSubmissionId,
  saveDone,
  saveDraft,
} from '../../../web/form/storage';
import { memoryStore } from './form-fixtures';

const TOKEN = 'tok_0123456789abcdefghij';
const NOW = Date.parse('2026-11-28T10:00:00Z');

describe('newSubmissionId', () => {
  it('makes a 22-character url-safe id the server accepts', () => {
    const id = newSubmissionId((a) => a.fill(0xff));
    expect(id).toBe('_____________________w');
    expect(newSubmissionId()).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('differs between forms', () => {
    expect(newSubmissionId()).not.toBe(newSubmissionId());
  });
});

describe('drafts', () => {
  it('keeps answers, submissionId and startedAt across a reload', () => {
    const store = memoryStore();
    const d = newDraft(NOW, 'sub_12345678');
    d.answers.q_overall = 5;
    expect(saveDraft(store, TOKEN, d, NOW + 1000)).toBe(true);
    expect(loadDraft(store, TOKEN, NOW + 2000)).toEqual({
      submissionId: 'sub_12345678',
      startedAt: '2026-11-28T10:00:00.000Z',
      answers: { q_overall: 5 },
      savedAt: NOW + 1000,
    });
  });

  it('keeps drafts apart per token', () => {
    const store = memoryStore();
    saveDraft(store, TOKEN, newDraft(NOW, 'sub_aaaaaaaa'), NOW);
    expect(loadDraft(store, 'other_token_0123456789', NOW)).toBeNull();
  });

  it('drops an old unsent draft so answers do not linger on the phone', () => {
    const store = memoryStore();
    saveDraft(store, TOKEN, newDraft(NOW), NOW);
    expect(loadDraft(store, TOKEN, NOW + DRAFT_MAX_AGE_MS)).toBeNull();
    expect(store.data.size).toBe(0);
  });

  it('never drops a queued submission, however old', () => {
    const store = memoryStore();
    const d = newDraft(NOW, 'sub_12345678');
    d.pending = {
      submissionId: d.submissionId,
      answers: {},
      startedAt: d.startedAt,
      locale: 'zh-CN',
      version: 1,
    };
    saveDraft(store, TOKEN, d, NOW);
    expect(loadDraft(store, TOKEN, NOW + 10 * DRAFT_MAX_AGE_MS)?.pending?.submissionId).toBe('sub_12345678');
  });

  it('treats unreadable data as no draft', () => {
    const store = memoryStore();
    store.setItem(`kmpj:f:${TOKEN}`, '{not json');
    expect(loadDraft(store, TOKEN, NOW)).toBeNull();
    store.setItem(`kmpj:f:${TOKEN}`, '{"answers":{}}');
    expect(loadDraft(store, TOKEN, NOW)).toBeNull();
  });

  it('keeps working when the phone refuses to store anything', () => {
    const store = memoryStore(true);
    expect(saveDraft(store, TOKEN, newDraft(NOW), NOW)).toBe(false);
    expect(saveDraft(null, TOKEN, newDraft(NOW), NOW)).toBe(false);
    expect(loadDraft(null, TOKEN, NOW)).toBeNull();
  });

  it('forgets the draft once cleared', () => {
    const store = memoryStore();
    saveDraft(store, TOKEN, newDraft(NOW), NOW);
    clearDraft(store, TOKEN);
    expect(loadDraft(store, TOKEN, NOW)).toBeNull();
  });
});

describe('receipts', () => {
  const receipt = { responseId: 'r1', receipt: 'AB12-CD34', submittedAt: '2026-11-28T10:00:00Z' };

  it('shows the receipt again on a reload shortly after submitting', () => {
    const store = memoryStore();
    saveDone(store, TOKEN, receipt, NOW);
    expect(loadDone(store, TOKEN, NOW + 60_000)?.receipt).toEqual(receipt);
  });

  it('forgets the receipt after half an hour', () => {
    const store = memoryStore();
    saveDone(store, TOKEN, receipt, NOW);
    expect(loadDone(store, TOKEN, NOW + DONE_MAX_AGE_MS)).toBeNull();
  });
});
