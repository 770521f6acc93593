/**
 * User-facing strings of the citizen form, Chinese first with the English twin beside it.
 * Kept as one small table (rather than an i18n library) because every byte counts on a weak network.
 * The Mongolian table (i18n-mn.ts) is not compiled in: the build writes it as a JSON file that the
 * form fetches only for a Mongolian questionnaire, and registers here with `useStrings`.
 */
import type { KeyValueStore, Locale, LocalizedText } from './types';

const zh = {
  brand: '开门评警 · 服务评价',
  loading: '正在加载问卷…',
  errorTitle: '无法打开问卷',
  switchTo: 'English',
  switchLang: 'en',
  required: '必答',
  optional: '选答',
  submit: '提交评价',
  submitting: '正在提交…',
  anonymous: '本评价匿名提交，仅用于改进服务。',
  fixErrors: '有 {n} 道题需要修改，请查看标出的题目。',
  errRequired: '此题为必答题，请作答。',
  errTooLong: '不能超过 {n} 个字。',
  errTooMany: '最多选择 {n} 项。',
  errInvalid: '答案无效，请重新选择。',
  chooseUpTo: '最多选择 {n} 项',
  chooseAny: '可多选',
  scaleHint: '0 = {min}，10 = {max}',
  scaleMin: '最低',
  scaleMax: '最高',
  charCount: '{n} / {max} 字',
  satisfaction5: '非常满意',
  satisfaction4: '满意',
  satisfaction3: '基本满意',
  satisfaction2: '不满意',
  satisfaction1: '非常不满意',
  queuedTitle: '已保存在本机',
  noticeTitle: '提示',
  queued: '已保存，网络恢复后将自动提交。',
  queuedKeepOpen: '请保持此页面打开；也可以稍后再次扫码打开本页，届时会自动提交。',
  retryIn: '约 {n} 秒后自动重试。',
  retrying: '正在重试…',
  retryNow: '立即重试',
  thanksTitle: '提交成功，感谢您的评价！',
  receiptLabel: '回执编号',
  receiptKeep: '请保存回执编号，以便日后查询。',
  copy: '复制编号',
  copied: '已复制',
  submittedAt: '提交时间：{t}',
  noToken: '未找到二维码信息。请用手机扫描办事窗口处的二维码打开本页。',
  badToken: '二维码无效或已损坏，请重新扫描窗口处的二维码。',
  offlineNoForm: '网络连接失败，问卷未能加载。请检查网络后重试。',
  loadFailed: '问卷暂时无法加载，请稍后重试。',
  reload: '重新加载',
  offlineCached: '当前网络不稳定，显示的是已保存的问卷。',
  duplicate: '此问卷已提交过，无需重复提交。',
  submitFailed: '提交失败，请稍后重试。',
  contactLegend: '联系电话（选填）',
  contactConsent: '我同意公安机关仅为回访本次评价使用此号码，办结后按规定期限删除。',
  contactBad: '请填写 11 位手机号，并勾选同意后再提交；不留电话可清空此栏。',
  largeText: '大字',
  largeTextName: '大字高对比模式',
  voice: '语音输入',
  voiceStop: '停止语音输入',
};

/** The shape every language's table has. */
export type Strings = typeof zh;
/** A key of the string table. */
export type MessageKey = keyof Strings;

const en: Strings = {
  brand: 'Police service feedback',
  loading: 'Loading the questionnaire…',
  errorTitle: 'Cannot open the questionnaire',
  switchTo: '中文',
  switchLang: 'zh-CN',
  required: 'Required',
  optional: 'Optional',
  submit: 'Submit',
  submitting: 'Submitting…',
  anonymous: 'Your answers are anonymous and used only to improve our service.',
  fixErrors: '{n} question(s) need your attention; see the marked questions.',
  errRequired: 'This question is required.',
  errTooLong: 'At most {n} characters.',
  errTooMany: 'Choose at most {n} options.',
  errInvalid: 'Invalid answer, please choose again.',
  chooseUpTo: 'Choose up to {n}',
  chooseAny: 'Choose all that apply',
  scaleHint: '0 = {min}, 10 = {max}',
  scaleMin: 'lowest',
  scaleMax: 'highest',
  charCount: '{n} / {max} characters',
  satisfaction5: 'Very satisfied',
  satisfaction4: 'Satisfied',
  satisfaction3: 'Fairly satisfied',
  satisfaction2: 'Dissatisfied',
  satisfaction1: 'Very dissatisfied',
  queuedTitle: 'Saved on this phone',
  noticeTitle: 'Notice',
  queued: 'Saved — will be sent when you are back online.',
  queuedKeepOpen: 'Keep this page open, or scan the code again later; it will then be sent automatically.',
  retryIn: 'Retrying in about {n} s.',
  retrying: 'Retrying…',
  retryNow: 'Retry now',
  thanksTitle: 'Thank you! Your feedback was received.',
  receiptLabel: 'Receipt code',
  receiptKeep: 'Please keep this code for future reference.',
  copy: 'Copy code',
  copied: 'Copied',
  submittedAt: 'Submitted at {t}',
  noToken:
    'No QR code information found. Please open this page by scanning the QR code at the service window.',
  badToken: 'This QR code is invalid or damaged. Please scan the code at the window again.',
  offlineNoForm:
    'No network connection, so the questionnaire could not load. Please check your network and retry.',
  loadFailed: 'The questionnaire cannot be loaded right now. Please try again later.',
  reload: 'Reload',
  offlineCached: 'The network is unstable; showing the saved copy of the questionnaire.',
  duplicate: 'This questionnaire was already submitted; there is no need to submit it again.',
  submitFailed: 'Submission failed. Please try again later.',
  contactLegend: 'Phone (optional)',
  contactConsent:
    'I agree that the police use this number only to call me back about this feedback; it is deleted after the case closes.',
  contactBad: 'Enter an 11-digit mobile number and tick the box, or clear the field to stay anonymous.',
  largeText: 'Large',
  largeTextName: 'Large text, high contrast',
  voice: 'Voice input',
  voiceStop: 'Stop voice input',
};

const tables: Partial<Record<Locale, Strings>> = { 'zh-CN': zh, en };

/** Registers a language's table fetched at run time (Mongolian); until then its keys read as Chinese. */
export function useStrings(locale: Locale, strings: Strings): void {
  tables[locale] = strings;
}

/**
 * Looks up a message and fills `{name}` placeholders.
 * @example t('en', 'errTooLong', { n: 200 }) // 'At most 200 characters.'
 */
export function t(locale: Locale, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return (tables[locale] ?? zh)[key].replace(/\{(\w+)\}/g, (m, name: string) =>
    name in vars ? String(vars[name]) : m,
  );
}

/** Picks the text for `locale` from a `{ 'zh-CN', en, 'mn-Mong'? }` text, falling back to Chinese. */
export function pick(text: LocalizedText, locale: Locale): string {
  return text[locale] || text['zh-CN'];
}

const LOCALE_KEY = 'kmpj:locale';

/** The language the citizen chose on this phone before, if any. */
export function savedLocale(store: KeyValueStore | null): Locale | undefined {
  try {
    const l = store?.getItem(LOCALE_KEY);
    return l === 'en' || l === 'zh-CN' || l === 'mn-Mong' ? l : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the browser's languages (`navigator.languages`, which the browser also sends as
 * Accept-Language) ask for traditional Mongolian: `mn-Mong…`, or Mongolian as spoken in China
 * (`mn-CN`), which is written in the traditional script. Plain `mn` is Mongolia's Cyrillic.
 */
export const prefersMongolian = (languages: readonly string[]): boolean =>
  languages.some((l) => /^mn-(mong|cn)\b/i.test(l));

/**
 * The form's language, first match wins: the citizen's own choice on this phone, the QR code's
 * setting, the browser's languages asking for Mongolian, then Chinese (Chinese first whatever else
 * the phone prefers). Mongolian only where the questionnaire has Mongolian text.
 */
export function chooseLocale(
  saved: Locale | undefined,
  qrLocale: Locale | undefined,
  languages: readonly string[],
  hasMongolian: boolean,
): Locale {
  const usable = (l: Locale | undefined): l is Locale => l !== undefined && (l !== 'mn-Mong' || hasMongolian);
  if (usable(saved)) return saved;
  if (usable(qrLocale)) return qrLocale;
  return hasMongolian && prefersMongolian(languages) ? 'mn-Mong' : 'zh-CN';
}

/** Remembers the citizen's language choice; storage may be unavailable (private mode), which is fine. */
export function saveLocale(store: KeyValueStore | null, locale: Locale): void {
  try {
    store?.setItem(LOCALE_KEY, locale);
  } catch {
    // Not remembering the language is harmless.
  }
}
