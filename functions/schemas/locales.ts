/**
 * The languages a citizen may answer in: Chinese, English and traditional (vertical) Mongolian.
 * A module of its own, so that the submission schema does not load the questionnaire schemas.
 */
export const LOCALES = ['zh-CN', 'en', 'mn-Mong'] as const;
export type Locale = (typeof LOCALES)[number];
