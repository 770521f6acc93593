/**
 * The citizen form's controller: reads the token, restores saved answers, renders, validates,
 * submits, and keeps a submission queued until it is delivered.
 *
 * Primary course:
 * 1. Read `t` from the URL; restore the draft (answers, submissionId, startedAt) for that token.
 * 2. If a submission is still pending from an earlier visit, resume delivering it.
 * 3. Otherwise load the questionnaire (falling back to the saved copy when offline) and render it.
 * 4. Save every change; on submit check the answers, then queue the exact body and deliver it.
 * 5. On 201 show the receipt and clear the draft; on a network failure keep retrying.
 * When the questionnaire asks for proof of work (ALTCHA), a challenge is fetched and solved
 * in the background from step 3 on, and every send carries a solution that is still valid.
 */

import { h, replaceChildren } from '../shared/dom';
import { largeTextToggle, localStore } from '../shared/large-text';
import { type ApiResult, fetchChallenge, fetchForm, postResponse } from './api';
import { contactSection, readContact } from './contact';
import { deviceId } from './device';
import { chooseLocale, pick, type Strings, savedLocale, saveLocale, t, useStrings } from './i18n';
import { createPow, type Pow, sendWithPow, solveInPage, solveWithWorkers, workerCount } from './pow';
import { createSender, type Sender, type SendReport } from './queue';
import { focusQuestion, readAnswer, renderQuestionnaire, setCounter, setQuestionError } from './render';
import { clearDraft, type Draft, loadDone, loadDraft, newDraft, saveDone, saveDraft } from './storage';
import type {
  ApiError,
  FormView,
  KeyValueStore,
  Locale,
  LocalizedText,
  SubmissionBody,
  SubmissionReceipt,
} from './types';
import { type AnswerProblem, buildAnswers, checkAnswer, checkAnswers, splitFieldIssues } from './validate';
import { showMessage, showQueued, showThanks } from './views';
import { voiceButton } from './voice';

/** The ALTCHA worker's content-hashed path, compiled in by web/form/build.ts. */
declare const ALTCHA_WORKER_URL: string;
/** The Mongolian strings (JSON) and vertical layout (CSS), content-hashed paths compiled in likewise. */
declare const MN_STRINGS_URL: string;
declare const MN_CSS_URL: string;
/** The large-text mode's stylesheet, likewise. */
declare const BIG_CSS_URL: string;

const TOKEN_RE = /^[A-Za-z0-9_-]{20,64}$/;

const store: KeyValueStore | null = localStore();

const app = document.getElementById('app') as HTMLElement;
const langBtn = document.getElementById('lang') as HTMLButtonElement;
const mnBtn = document.getElementById('mn') as HTMLButtonElement;
const bigBtn = document.getElementById('big') as HTMLButtonElement;
const brand = document.getElementById('brand') as HTMLElement;
const token = new URLSearchParams(location.search).get('t') ?? '';
/** A rotating-display or one-time ballot token beside the static token, if the QR code had one. */
const ballot = /^[RT][A-Za-z0-9_-]{20,40}$/.test(new URLSearchParams(location.search).get('b') ?? '')
  ? (new URLSearchParams(location.search).get('b') as string)
  : undefined;

let locale: Locale = savedLocale(store) === 'en' ? 'en' : 'zh-CN';
let draft: Draft = newDraft(Date.now());
let view: FormView | undefined;
/** Per-question errors in both languages, so a language switch keeps them. */
let errors: Record<string, LocalizedText> = {};
let banner: LocalizedText | null = null;
let sender: Sender | undefined;
let setRetryInfo: ((ms: number | null) => void) | undefined;
/** Re-draws the current screen, used when the language changes. */
let redraw: () => void = () => {};
/** Proof of work, created on first use with the solution saved in the draft. */
let pow: Pow | undefined;

const both = (fn: (l: Locale) => string): LocalizedText => ({
  'zh-CN': fn('zh-CN'),
  en: fn('en'),
  'mn-Mong': fn('mn-Mong'),
});
const fromApi = (e: { message: string; messageEn: string }): LocalizedText => ({
  'zh-CN': e.message,
  en: e.messageEn || e.message,
});

function problemText(p: AnswerProblem): LocalizedText {
  const key = (
    { required: 'errRequired', tooLong: 'errTooLong', tooMany: 'errTooMany', invalid: 'errInvalid' } as const
  )[p.code];
  return both((l) => t(l, key, { n: p.limit ?? 0 }));
}

function persist(): void {
  saveDraft(store, token, draft, Date.now());
}

/** Whether the questionnaire asks for proof of work (the saved copy tells when resuming offline). */
const needsPow = (): boolean => Boolean((view ?? draft.view)?.questionnaire.settings?.altcha);

function keeper(): Pow {
  pow ??= createPow({
    fetchChallenge: () => fetchChallenge(token),
    solve: (c) =>
      solveWithWorkers(
        c,
        () => new Worker(ALTCHA_WORKER_URL),
        workerCount(navigator.hardwareConcurrency),
      ).catch(() => solveInPage(c)),
    initial: draft.pow,
    onChange: (s) => {
      draft.pow = s;
      persist();
    },
  });
  return pow;
}

/** One delivery attempt of the queued body, with a valid proof of work when one is asked for. */
const send = (body: SubmissionBody): Promise<ApiResult<SubmissionReceipt>> =>
  sendWithPow((altcha) => postResponse(token, altcha ? { ...body, altcha } : body), keeper, needsPow());

/** Whether the questionnaire on screen has its texts in Mongolian (then all of them do). */
const hasMongolian = (): boolean => Boolean((view ?? draft.view)?.questionnaire.title['mn-Mong']);

let mongolian: Promise<unknown> | undefined;
/**
 * Fetches the Mongolian strings and the vertical layout (whose @font-face names the font subset,
 * which the browser then fetches for the Mongolian text), once; only a Mongolian form does, so the
 * Chinese form downloads none of them. Rejects when they cannot load, and tries again next time.
 */
const loadMongolian = (): Promise<unknown> =>
  (mongolian ??= Promise.all([
    new Promise((ok, fail) => {
      const css = h('link', { rel: 'stylesheet', href: MN_CSS_URL });
      css.onload = ok;
      css.onerror = fail;
      document.head.appendChild(css);
    }),
    fetch(MN_STRINGS_URL)
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then((strings: Strings) => useStrings('mn-Mong', strings)),
  ]).catch((err) => {
    mongolian = undefined;
    throw err;
  }));

/** Switches the language (loading Mongolian first), remembers it when the citizen chose it, re-draws. */
async function useLocale(next: Locale, chosen = true): Promise<void> {
  try {
    if (next === 'mn-Mong') await loadMongolian();
  } catch {
    return;
  }
  locale = next;
  if (chosen) saveLocale(store, locale);
  applyLocale();
  redraw();
}

function applyLocale(): void {
  document.documentElement.lang = locale;
  app.classList.toggle('mong', locale === 'mn-Mong');
  langBtn.textContent = t(locale, 'switchTo');
  langBtn.lang = t(locale, 'switchLang');
  mnBtn.hidden = !hasMongolian() || locale === 'mn-Mong';
  bigBtn.textContent = t(locale, 'largeText');
  bigBtn.title = t(locale, 'largeTextName');
  brand.textContent = t(locale, 'brand');
  document.title = view
    ? `${pick(view.questionnaire.title, locale)} · ${t(locale, 'brand')}`
    : t(locale, 'brand');
}

function message(
  title: LocalizedText,
  text: LocalizedText,
  action?: { label: LocalizedText; run: () => void },
) {
  redraw = () =>
    showMessage(
      app,
      pick(title, locale),
      pick(text, locale),
      action && { label: pick(action.label, locale), run: action.run },
    );
  redraw();
}

const errorTitle = both((l) => t(l, 'errorTitle'));

function showForm(focusFirstError = false): void {
  if (!view) return;
  const v = view;
  const questions = v.questionnaire.questions;
  const body = h('div');
  renderQuestionnaire(body, v.questionnaire, locale, {
    answers: draft.answers,
    errors: Object.fromEntries(Object.entries(errors).map(([id, e]) => [id, pick(e, locale)])),
  });
  // Where the citizen is, right under the title, so they know which window they rate.
  body.firstElementChild?.after(
    h('p', { class: 'place' }, `${pick(v.unit.name, locale)} · ${pick(v.servicePoint.name, locale)}`),
  );
  // A redraw (language switch) while a submission is in flight must not offer the button again.
  const submit = h(
    'button',
    { type: 'submit', class: 'btn primary', disabled: Boolean(sender) },
    t(locale, sender ? 'submitting' : 'submit'),
  );
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    body,
    contactSection(locale),
    h('p', { class: 'alert', role: 'alert' }, banner ? pick(banner, locale) : ''),
    submit,
    h('p', { class: 'hint center' }, t(locale, 'anonymous')),
  );
  replaceChildren(app, form);
  for (const area of form.querySelectorAll('textarea')) {
    const voice = voiceButton(area, locale);
    if (voice) area.after(voice);
  }

  const onEdit = (e: Event) => {
    const qid = (e.target as HTMLElement).closest('fieldset')?.getAttribute('data-q');
    const q = questions.find((x) => x.id === qid);
    if (!q) return;
    const value = readAnswer(form, q);
    draft.answers[q.id] = value;
    persist();
    if (q.type === 'text') setCounter(form, q, locale, value as string);
    const p = checkAnswer(q, value);
    // Clear an error as soon as it is fixed; of new problems, show only those typing or ticking
    // causes (too long, too many) live, not "required" while the citizen is still on the way.
    if (!p) delete errors[q.id];
    else if (errors[q.id] || p.code !== 'required') errors[q.id] = problemText(p);
    const err = errors[q.id];
    setQuestionError(form, q.id, err ? pick(err, locale) : null);
  };
  form.addEventListener('change', onEdit);
  form.addEventListener('input', onEdit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (sender) return;
    for (const q of questions) draft.answers[q.id] = readAnswer(form, q);
    const problems = checkAnswers(questions, draft.answers);
    errors = Object.fromEntries(Object.entries(problems).map(([id, p]) => [id, problemText(p)]));
    const ids = Object.keys(errors);
    if (ids.length > 0) {
      banner = both((l) => t(l, 'fixErrors', { n: ids.length }));
      showForm(true);
      return;
    }
    const contact = readContact(form, locale);
    if (!contact) return;
    banner = null;
    draft.pending = {
      ...contact,
      submissionId: draft.submissionId,
      answers: buildAnswers(questions, draft.answers),
      startedAt: draft.startedAt,
      opened: draft.opened,
      locale,
      version: v.questionnaire.version,
      deviceId: deviceId(store),
      ballot,
    };
    persist();
    submit.disabled = true;
    submit.textContent = t(locale, 'submitting');
    deliver(false);
  });

  redraw = () => showForm();
  applyLocale();
  if (focusFirstError) {
    const first = questions.find((q) => errors[q.id]);
    if (first) focusQuestion(form, first.id);
  }
}

function onDelivered(receipt: SubmissionReceipt): void {
  // The solution is spent; dropping the keeper (not its solution) keeps the cleared draft cleared.
  pow = undefined;
  clearDraft(store, token);
  saveDone(store, token, receipt, Date.now());
  redraw = () => showThanks(app, locale, receipt);
  redraw();
}

function onRejected(status: number, error: ApiError | undefined): void {
  draft.pending = undefined;
  if (status === 404 || status === 410 || status === 409) {
    // The token is dead or this submissionId is taken: these answers can never be delivered.
    clearDraft(store, token);
    if (status === 409)
      message(
        both((l) => t(l, 'noticeTitle')),
        error ? fromApi(error) : both((l) => t(l, 'duplicate')),
      );
    else message(errorTitle, error ? fromApi(error) : both((l) => t(l, 'badToken')));
    return;
  }
  // A stamp the server refuses is dropped, so the next submit goes without it (speed unknown).
  if (error?.details?.some((d) => d.field === 'opened')) draft.opened = undefined;
  persist();
  const { byQuestion, general } = splitFieldIssues(error?.details ?? []);
  errors = Object.fromEntries(Object.entries(byQuestion).map(([id, d]) => [id, fromApi(d)]));
  const first = general[0];
  banner = first ? fromApi(first) : error ? fromApi(error) : both((l) => t(l, 'submitFailed'));
  if (view) showForm(true);
  else void loadForm(true);
}

function onReport({ result, retryInMs }: SendReport<SubmissionReceipt>): void {
  if (result.ok) {
    sender = undefined;
    onDelivered(result.data);
    return;
  }
  if (retryInMs !== undefined) {
    if (!setRetryInfo) drawQueued();
    setRetryInfo?.(retryInMs);
    return;
  }
  sender = undefined;
  setRetryInfo = undefined;
  onRejected(result.status, result.error);
}

function drawQueued(): void {
  setRetryInfo = showQueued(app, locale, () => void sender?.flush());
  redraw = () => {
    setRetryInfo = showQueued(app, locale, () => void sender?.flush());
  };
}

/**
 * Starts delivering `draft.pending` until the server answers for good. When resuming a
 * submission from an earlier visit, the "saved" screen shows at once rather than a stale form.
 */
function deliver(resuming: boolean): void {
  const body = draft.pending;
  if (!body) return;
  sender?.stop();
  setRetryInfo = undefined;
  if (resuming) drawQueued();
  sender = createSender<SubmissionReceipt>({ send: () => send(body), onReport });
  void sender.flush();
}

function loadFailed(result: Extract<ApiResult<FormView>, { ok: false }>): void {
  if (result.status === 404 || result.status === 410) clearDraft(store, token);
  const text = result.error
    ? fromApi(result.error)
    : both((l) => t(l, result.status === 0 ? 'offlineNoForm' : result.retryable ? 'loadFailed' : 'badToken'));
  message(
    errorTitle,
    text,
    result.retryable ? { label: both((l) => t(l, 'reload')), run: () => void loadForm() } : undefined,
  );
}

/** Loads the questionnaire (or uses the saved copy when the network fails) and shows the form. */
async function loadForm(focusFirstError = false): Promise<void> {
  message(
    both((l) => t(l, 'brand')),
    both((l) => t(l, 'loading')),
  );
  const result = await fetchForm(token, undefined, ballot);
  if (result.ok) {
    view = result.data;
    draft.view = view;
    // The first signed open time stays: a reload must not make the answering look faster.
    draft.opened ??= view.opened;
    persist();
    // The language, now that the questionnaire is known: see chooseLocale.
    await useLocale(
      chooseLocale(savedLocale(store), view.locale, navigator.languages ?? [], hasMongolian()),
      false,
    );
  } else if (result.retryable && draft.view) {
    view = draft.view;
    banner = both((l) => t(l, 'offlineCached'));
  } else {
    loadFailed(result);
    return;
  }
  showForm(focusFirstError);
  // Solve while the citizen answers, so the submit does not wait for it.
  if (needsPow()) keeper().prepare();
}

function start(): void {
  applyLocale();
  largeTextToggle(bigBtn, store, { stylesheet: BIG_CSS_URL });
  langBtn.addEventListener('click', () => void useLocale(locale === 'zh-CN' ? 'en' : 'zh-CN'));
  mnBtn.addEventListener('click', () => void useLocale('mn-Mong'));
  if (!TOKEN_RE.test(token)) {
    message(
      errorTitle,
      both((l) => t(l, token ? 'badToken' : 'noToken')),
    );
    return;
  }
  const now = Date.now();
  const done = loadDone(store, token, now);
  if (done) {
    redraw = () => showThanks(app, locale, done.receipt);
    if (savedLocale(store) === 'mn-Mong') void useLocale('mn-Mong');
    else redraw();
    return;
  }
  draft = loadDraft(store, token, now) ?? draft;
  view = draft.view;
  // Retry when the phone reconnects or the page comes back to the foreground (timers sleep there).
  window.addEventListener('online', () => void sender?.flush());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void sender?.flush();
  });
  if (draft.pending) deliver(true);
  else void loadForm();
}

start();
