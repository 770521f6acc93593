/**
 * Shapes the console reads from the console API (its contract). Request bodies that the
 * server validates come from its schemas as type-only imports, so nothing of valibot is bundled.
 */
import type {
  LocalizedText,
  Question,
  QuestionnaireContent,
  QuestionType,
  Locale as TextLocale,
} from '../../functions/schemas/questionnaire';

/** The console's own languages; questionnaire texts may also carry Mongolian (`TextLocale`). */
export type Locale = Exclude<TextLocale, 'mn-Mong'>;
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

export type OrgKind = 'province' | 'city' | 'county' | 'unit' | 'servicePoint';

export interface OrgNode {
  id: string;
  kind: OrgKind;
  parentId?: string;
  path: string;
  name: LocalizedText;
  unitType?: string;
  active: boolean;
}

/** `GET /me`. */
export interface Me {
  userId: string;
  name: string;
  role: string;
  roleLabel: LocalizedText;
  scopeId: string;
  scope: Pick<OrgNode, 'id' | 'kind' | 'name' | 'path'> | null;
  can: string[];
}

export interface NodeWithChildren {
  node: OrgNode;
  children: OrgNode[];
}

export interface DashboardQuestion {
  questionnaireId?: string;
  questionId: string;
  type: QuestionType;
  text: LocalizedText;
  n: number;
  distribution?: Record<string, number>;
  options?: Record<string, number>;
  optionTexts?: Record<string, LocalizedText>;
  /** Satisfaction: mean 0–100 score; scale: mean 0–10. */
  mean?: number | null;
}

export interface DashboardPoint {
  period: string;
  responses: number;
  satisfactionRate: number | null;
  score: number | null;
}

/** `GET /dashboard`. */
export interface Dashboard {
  node: OrgNode;
  totals: { responses: number; satisfactionRate: number | null; score: number | null; n: number };
  /** The last day the figures include for this user; null when live (province, auditor). */
  figuresUntil: string | null;
  series: DashboardPoint[];
  questions: DashboardQuestion[];
  recentComments: { responseId: string; submittedAt: string; comment: string }[];
  /** 一事一评: ratings per 事项 (transaction ballots of business systems). */
  matters: {
    matter: string;
    responses: number;
    n: number;
    satisfactionRate: number | null;
    score: number | null;
  }[];
}

/** One questionnaire as listed by `GET /questionnaires?ownerId` (and the head of `GET /questionnaires/:id`). */
export interface QuestionnaireSummary {
  questionnaireId: string;
  ownerId?: string;
  title?: LocalizedText;
  latestVersion?: number;
  /** The newest published version, if any. */
  latestPublished?: number | null;
  archived?: boolean;
  createdAt?: string;
}

/** A questionnaire's state as one word, for labels and filters. */
export const questionnaireStatus = (q: Pick<QuestionnaireSummary, 'archived' | 'latestPublished'>) =>
  q.archived ? 'archived' : q.latestPublished ? 'published' : 'draft';

export interface QuestionnaireVersionView {
  questionnaireId: string;
  version: number;
  status: 'draft' | 'published' | 'archived';
  content: QuestionnaireContent;
  createdAt?: string;
  publishedAt?: string;
}

export interface QrToken {
  tokenId: string;
  questionnaireId: string;
  status: string;
  createdAt: string;
  url: string;
}

export interface ResponseItem {
  responseId: string;
  submittedAt: string;
  servicePointId: string;
  unitId: string;
  questionnaireId: string;
  version: number;
  lowestLevel?: number | null;
  hasComment: boolean;
  comment?: string;
  servicePointName?: LocalizedText;
  unitName?: LocalizedText;
  questionnaireTitle?: LocalizedText;
}

export interface AuditEntryView {
  at: string;
  actor: { name: string; role: string };
  action: string;
  targetType: string;
  targetId: string;
  targetName?: string;
  before?: unknown;
  after?: unknown;
}

/** `GET /audit`: one page, and the cursor of the next when more entries follow. */
export interface AuditPageView {
  entries: AuditEntryView[];
  nextCursor?: string;
}
