import { describe, expect, it } from 'vitest';
import { chooseLocale, pick, savedLocale, saveLocale, t, useStrings } from '../../../web/form/i18n';
import { mn } from '../../../web/form/i18n-mn';
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

  it('starts with no saved choice and remembers a switch', () => {
    const store = memoryStore();
    expect(savedLocale(store)).toBeUndefined();
    saveLocale(store, 'en');
    expect(savedLocale(store)).toBe('en');
    saveLocale(store, 'mn-Mong');
    expect(savedLocale(store)).toBe('mn-Mong');
    expect(savedLocale(null)).toBeUndefined();
    expect(() => saveLocale(memoryStore(true), 'en')).not.toThrow();
  });

  it('falls back to Chinese when an English or Mongolian text is missing', () => {
    expect(pick({ 'zh-CN': '满意', en: '' }, 'en')).toBe('满意');
    expect(pick({ 'zh-CN': '满意', en: 'Satisfied' }, 'mn-Mong')).toBe('满意');
    expect(pick({ 'zh-CN': '满意', en: 'Satisfied', 'mn-Mong': 'ᠰᠡᠳᠬᠢᠯ' }, 'mn-Mong')).toBe('ᠰᠡᠳᠬᠢᠯ');
  });

  it('reads Mongolian strings as Chinese until the fetched table is registered', () => {
    expect(t('mn-Mong', 'submit')).toBe('提交评价');
    useStrings('mn-Mong', mn);
    expect(t('mn-Mong', 'submit')).toBe('ᠲᠤᠰᠢᠶᠠᠬᠤ');
    expect(t('mn-Mong', 'fixErrors', { n: 2 })).toMatch(/^2 /);
  });

  it('chooses the language: own choice, then the QR code, then the browser, then Chinese', () => {
    expect(chooseLocale(undefined, undefined, ['en-US', 'en'], true)).toBe('zh-CN');
    expect(chooseLocale(undefined, undefined, ['zh-CN', 'mn-CN'], true)).toBe('mn-Mong');
    expect(chooseLocale(undefined, undefined, ['mn-Mong-CN'], true)).toBe('mn-Mong');
    // Plain `mn` is Mongolia's Cyrillic, not the traditional script.
    expect(chooseLocale(undefined, undefined, ['mn'], true)).toBe('zh-CN');
    expect(chooseLocale(undefined, 'mn-Mong', ['zh-CN'], true)).toBe('mn-Mong');
    expect(chooseLocale('zh-CN', 'mn-Mong', ['mn-CN'], true)).toBe('zh-CN');
    expect(chooseLocale('en', undefined, [], true)).toBe('en');
    // No Mongolian text in the questionnaire: Mongolian is never chosen.
    expect(chooseLocale('mn-Mong', 'mn-Mong', ['mn-CN'], false)).toBe('zh-CN');
  });

  it('has every Mongolian string in traditional script or as a shared symbol', () => {
    for (const [key, value] of Object.entries(mn)) {
      if (['switchTo', 'switchLang', 'charCount', 'scaleHint'].includes(key)) continue;
      expect(value, key).toMatch(/[\u1820-\u1842]/u);
    }
  });
});
