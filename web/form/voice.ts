/**
 * Voice input for the comment box, through the Web Speech API where the browser offers it
 * (Chrome, Edge, Safari, most Android browsers; often `webkitSpeechRecognition`). Where it does
 * not, no button is shown. Recognised text is appended to the box and announced as an input event,
 * so the draft is saved and the length is checked as if typed.
 */
import { h } from '../shared/dom';
import { t } from './i18n';
import type { Locale } from './types';

/** The part of SpeechRecognition this uses. */
interface Recognition {
  lang: string;
  onresult:
    | ((e: { resultIndex: number; results: ArrayLike<ArrayLike<{ transcript: string }>> }) => void)
    | null;
  onend: (() => void) | null;
  onerror: (() => void) | null;
  start(): void;
  stop(): void;
}
type RecognitionClass = new () => Recognition;

/** The browser's speech recogniser class, if it has one. */
export function recogniser(w: object = window): RecognitionClass | undefined {
  const g = w as { SpeechRecognition?: RecognitionClass; webkitSpeechRecognition?: RecognitionClass };
  return g.SpeechRecognition ?? g.webkitSpeechRecognition;
}

/** Languages a recogniser is asked to hear; none offers traditional Mongolian script, so none for it. */
const SPEECH_LANG: Partial<Record<Locale, string>> = { 'zh-CN': 'zh-CN', en: 'en-US' };

/** A microphone button for `box`, or null where the browser has no recogniser or the language none. */
export function voiceButton(box: HTMLTextAreaElement, locale: Locale): HTMLButtonElement | null {
  const Rec = recogniser();
  const lang = SPEECH_LANG[locale];
  if (!Rec || !lang) return null;
  const btn = h(
    'button',
    { type: 'button', class: 'btn voice', 'aria-pressed': 'false' },
    t(locale, 'voice'),
  );
  let rec: Recognition | undefined;
  const stopped = () => {
    rec = undefined;
    btn.setAttribute('aria-pressed', 'false');
    btn.textContent = t(locale, 'voice');
  };
  btn.addEventListener('click', () => {
    if (rec) {
      rec.stop();
      return;
    }
    const r = new Rec();
    r.lang = lang;
    r.onresult = (e) => {
      let said = '';
      for (let i = e.resultIndex; i < e.results.length; i++) said += e.results[i]?.[0]?.transcript ?? '';
      if (!said) return;
      box.value = (box.value ? `${box.value} ${said}` : said).slice(
        0,
        box.maxLength > 0 ? box.maxLength : undefined,
      );
      box.dispatchEvent(new Event('input', { bubbles: true }));
    };
    r.onend = stopped;
    r.onerror = stopped;
    rec = r;
    btn.setAttribute('aria-pressed', 'true');
    btn.textContent = t(locale, 'voiceStop');
    try {
      r.start();
    } catch {
      stopped();
    }
  });
  return btn;
}
