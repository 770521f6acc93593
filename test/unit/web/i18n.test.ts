import { describe, expect, it } from 'vitest';
import { loadLocale, pick, saveLocale, t } from '../../../web/form/i18n';
import { memoryStore } from './form-fixtures';

describe('i18n', () => {
  it('fills placeholders in both languages', () => {
    expect(t('zh-CN', 'errTooLong', { n: 200 })).toBe('不能超过 200 个字。');
    expect(t('en', 'errTooLong', { n: 200 })).toBe('At most 200 characters.');
  });

  it('uses the offline wording the product asks for', () => {
    expect(t('zh-CN', 'queued')).toContain('已保存，网络恢复后将自动提交');
    expect(t('en', 'queued')).toContain('Saved — will be sent when you are back online');
  });

  it('starts in Chinese and remembers a switch to English', () => {
    const store = memoryStore();
    expect(loadLocale(store)).toBe('zh-CN');
    saveLocale(store, 'en');
    expect(loadLocale(store)).toBe('en');
    expect(loadLocale(null)).toBe('zh-CN');
    expect(() => saveLocale(memoryStore(true), 'en')).not.toThrow();
  });

  it('falls back to Chinese when an English text is missing', () => {
    expect(pick({ 'zh-CN': '满意', en: '' }, 'en')).toBe('满意');
  });
});
