/**
 * The optional callback phone: a phone field and an explicit consent box. The phone is
 * sent only when the box is ticked, with the version of the consent text the citizen saw, so the
 * server can prove what was agreed. Leaving both empty keeps the evaluation anonymous.
 */
import { h } from '../shared/dom';
import { t } from './i18n';
import type { Locale } from './types';

/** Bump when the consent text (i18n `contactConsent`) changes; each language's text has its own version. */
export const CONSENT_VERSION = 'c2026-1';
const consentVersion = (locale: Locale): string =>
  locale === 'mn-Mong' ? `${CONSENT_VERSION}.mn` : CONSENT_VERSION;

/** The fieldset; it carries no `data-q`, so the questionnaire's own handlers ignore it. */
export function contactSection(locale: Locale): HTMLElement {
  return h(
    'fieldset',
    { id: 'contact' },
    h('legend', { id: 'c-legend' }, t(locale, 'contactLegend')),
    h('input', {
      type: 'tel',
      id: 'c-phone',
      inputmode: 'numeric',
      maxlength: 11,
      autocomplete: 'tel',
      'aria-labelledby': 'c-legend',
    }),
    h(
      'p',
      {},
      h('label', {}, h('input', { type: 'checkbox', id: 'c-ok' }), ' ', t(locale, 'contactConsent')),
    ),
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
  if (err) err.textContent = valid ? '' : t(locale, 'contactBad');
  return valid ? { contact: { phone, consentVersion: consentVersion(locale) } } : null;
}
