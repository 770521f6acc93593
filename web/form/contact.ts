/**
 * The optional callback phone: a phone field and an explicit consent box. The phone is
 * sent only when the box is ticked, with the version of the consent text the citizen saw, so the
 * server can prove what was agreed. Leaving both empty keeps the evaluation anonymous.
 */
import { h } from '../shared/dom';
import type { Locale } from './types';

/** Bump when the consent text below changes. */
export const CONSENT_VERSION = 'c2026-1';

const TEXT = {
  'zh-CN': {
    legend: '联系电话（选填）',
    consent: '我同意公安机关仅为回访本次评价使用此号码，办结后按规定期限删除。',
    bad: '请填写 11 位手机号，并勾选同意后再提交；不留电话可清空此栏。',
  },
  en: {
    legend: 'Phone (optional)',
    consent:
      'I agree that the police use this number only to call me back about this feedback; it is deleted after the case closes.',
    bad: 'Enter an 11-digit mobile number and tick the box, or clear the field to stay anonymous.',
  },
} as const;

/** The fieldset; it carries no `data-q`, so the questionnaire's own handlers ignore it. */
export function contactSection(locale: Locale): HTMLElement {
  const s = TEXT[locale];
  return h(
    'fieldset',
    { id: 'contact' },
    h('legend', {}, s.legend),
    h('input', { type: 'tel', id: 'c-phone', inputmode: 'numeric', maxlength: 11, autocomplete: 'tel' }),
    h('p', {}, h('label', {}, h('input', { type: 'checkbox', id: 'c-ok' }), ' ', s.consent)),
    h('p', { class: 'err', id: 'c-err' }),
  );
}

/**
 * The `contact` field of the submission body: `{}` when none was given, `null` (and an error
 * shown) when a phone was typed without consent or is not a mobile number.
 */
export function readContact(
  root: ParentNode,
  locale: Locale,
): { contact?: { phone: string; consentVersion: string } } | null {
  const phone = (root.querySelector('#c-phone') as HTMLInputElement | null)?.value.replace(/\D/g, '') ?? '';
  const ok = (root.querySelector('#c-ok') as HTMLInputElement | null)?.checked ?? false;
  const err = root.querySelector('#c-err');
  if (!phone && !ok) return {};
  const valid = /^1[3-9]\d{9}$/.test(phone) && ok;
  if (err) err.textContent = valid ? '' : TEXT[locale].bad;
  return valid ? { contact: { phone, consentVersion: CONSENT_VERSION } } : null;
}
