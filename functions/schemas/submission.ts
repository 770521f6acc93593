/** Public API request and response schemas for the citizen form. */
import * as v from 'valibot';
import { BallotTokenSchema } from './form';
import { LOCALES, type Locale } from './locales';
import type { LocalizedText, QuestionnaireContent } from './questionnaire';

const AnswerValueSchema = v.union([
  v.pipe(v.number(), v.finite()),
  // Control characters (NUL and friends) have no place in a citizen's comment.
  v.pipe(
    v.string(),
    v.maxLength(4000),
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
    v.regex(/^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/u, 'control characters'),
  ),
  v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.maxLength(20)),
]);

export const AnswersSchema = v.pipe(
  v.record(v.pipe(v.string(), v.maxLength(64)), AnswerValueSchema),
  v.check((a) => Object.keys(a).length <= 50, 'too many answers'),
);
export type Answers = v.InferOutput<typeof AnswersSchema>;
export type AnswerValue = v.InferOutput<typeof AnswerValueSchema>;

export const SubmissionBodySchema = v.strictObject({
  /** Client-generated id of this submission; retries reuse it. */
  submissionId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 url-safe characters')),
  answers: AnswersSchema,
  /** When the citizen opened the form (ISO 8601), as the phone says; stored, never used for scoring. */
  startedAt: v.pipe(v.string(), v.isoTimestamp()),
  /**
   * The signed form-open time the form's GET answered with (`FormView.opened`), kept with the
   * draft; the speed signals use only this. Absent (a page cached before it existed): speed unknown.
   */
  opened: v.optional(v.pipe(v.string(), v.regex(/^O[A-Za-z0-9_-]{22}$/, 'malformed open stamp'))),
  locale: v.picklist(LOCALES),
  /** The questionnaire version the form rendered; defaults to the latest published version. */
  version: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  /** A random id the form keeps in local storage; only a keyed hash of it is stored. */
  deviceId: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be 16–64 url-safe characters')),
  ),
  /** A rotating-display or one-time ballot token from the QR URL (`b`), when the citizen had one. */
  ballot: v.optional(BallotTokenSchema),
  /** The ALTCHA solution (base64 JSON), when the questionnaire asks for proof of work. */
  altcha: v.optional(v.pipe(v.string(), v.maxLength(2000), v.regex(/^[A-Za-z0-9+/=]+$/, 'must be base64'))),
  /**
   * Optional phone for a callback, sent only when the citizen ticked the consent box;
   * `consentVersion` records which consent text they agreed to. Stored encrypted, never logged.
   */
  contact: v.optional(
    v.strictObject({
      phone: v.pipe(v.string(), v.regex(/^1[3-9]\d{9}$/, 'an 11-digit mainland mobile number')),
      consentVersion: v.pipe(v.string(), v.regex(/^[A-Za-z0-9._-]{1,32}$/, 'a consent text version')),
    }),
  ),
});
export type SubmissionBody = v.InferOutput<typeof SubmissionBodySchema>;

/** What `GET /api/v1/forms/{token}` returns: everything the citizen form needs to render. */
export interface FormView {
  token: string;
  servicePoint: { id: string; name: LocalizedText };
  unit: { id: string; name: LocalizedText };
  /** The language the QR code was issued for, when not Chinese (the form may still switch). */
  locale?: Locale;
  /** The content without its integrity settings, of which only `altcha` is shown (see get-form.ts). */
  questionnaire: { id: string; version: number } & Omit<QuestionnaireContent, 'settings'> & {
      settings?: { altcha: true };
    };
  /** When the form was served, signed by the server; the form sends it back with the answers. */
  opened?: string;
}

/** What `POST /api/v1/forms/{token}/responses` returns (201), identical for an idempotent replay. */
export interface SubmissionReceipt {
  responseId: string;
  receipt: string;
  submittedAt: string;
}
