/**
 * Types of the console's API contract. Replies come from the server's app (api-types.ts), request
 * bodies from its valibot schemas, all as type-only imports: nothing of the server is bundled.
 */
import type { Locale as TextLocale } from '../../functions/schemas/locales';
import type {
  LocalizedText,
  Question,
  QuestionnaireContent,
  QuestionType,
} from '../../functions/schemas/questionnaire';

/** The console's own languages; questionnaire texts may also carry Mongolian (`TextLocale`). */
export type Locale = Exclude<TextLocale, 'mn-Mong'>;
export type {
  AuditEntryView,
  AuditPageView,
  Dashboard,
  DashboardPoint,
  DashboardQuestion,
  Me,
  NodeWithChildren,
  OrgKind,
  OrgNode,
  QrToken,
  QuestionnaireDetail,
  QuestionnaireSummary,
  QuestionnaireVersionView,
  ResponseDetail,
  ResponseItem,
  ResponsePage,
} from './api-types';
export type { LocalizedText, Question, QuestionnaireContent, QuestionType, TextLocale };

/** One field problem in `error.details`. */
export interface ApiFieldIssue {
  field: string;
  code?: string;
  message: string;
  messageEn: string;
}

/** The body of every API error, `{ error: ApiErrorBody }`. */
export interface ApiErrorBody {
  code: string;
  message: string;
  messageEn: string;
  details?: ApiFieldIssue[];
}

/** A questionnaire's state as one word, for labels and filters. */
export const questionnaireStatus = (q: { archived?: boolean; latestPublished?: number | null }) =>
  q.archived ? 'archived' : q.latestPublished ? 'published' : 'draft';
