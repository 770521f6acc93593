/**
 * Types shared by the citizen form modules. The API shapes come from the server's schemas as
 * type-only imports, so the contract stays in one place and nothing of valibot reaches the bundle.
 */
import type { Locale } from '../../functions/schemas/locales';
import type { LocalizedText, Question, QuestionnaireContent } from '../../functions/schemas/questionnaire';
import type {
  AnswerValue,
  FormView,
  SubmissionBody,
  SubmissionReceipt,
} from '../../functions/schemas/submission';

export type {
  AnswerValue,
  FormView,
  Locale,
  LocalizedText,
  Question,
  QuestionnaireContent,
  SubmissionBody,
  SubmissionReceipt,
};

/** Answers as the form holds them: empty strings and arrays mean "not answered yet". */
export type DraftAnswers = Record<string, AnswerValue>;

/** One field problem as the API reports it in `error.details`. */
export interface ApiFieldIssue {
  field: string;
  code: string;
  message: string;
  messageEn: string;
}

/** The API's error body, `{ error: ApiError }`. */
export interface ApiError {
  code: string;
  message: string;
  messageEn: string;
  details?: ApiFieldIssue[];
}

/** The minimal Web Storage surface the form uses, so tests can pass an in-memory object. */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
