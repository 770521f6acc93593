/**
 * What the console API answers, inferred from the server's own Hono app through the RPC client's
 * types (`hc<ConsoleApp>`): a change to a route's reply that the console does not follow fails
 * the typecheck. Type-only imports: nothing of the server reaches the console bundle.
 */
import type { hc, InferResponseType } from 'hono/client';
import type { ConsoleApp } from '../../functions/http/console-app';

type V1 = ReturnType<typeof hc<ConsoleApp>>['api']['console']['v1'];
/** The JSON body of a route's 200 answer. */
type Ok<Endpoint> = InferResponseType<Endpoint, 200>;
type Created<Endpoint> = InferResponseType<Endpoint, 201>;

/** `GET /me`. */
export type Me = Ok<V1['me']['$get']>;
/** `GET /org/nodes/:id`. */
export type NodeWithChildren = Ok<V1['org']['nodes'][':id']['$get']>;
export type OrgNode = NodeWithChildren['node'];
export type OrgKind = OrgNode['kind'];

/** `GET /dashboard`. */
export type Dashboard = Ok<V1['dashboard']['$get']>;
export type DashboardQuestion = Dashboard['questions'][number];
export type DashboardPoint = Dashboard['series'][number];

/** One questionnaire as listed by `GET /questionnaires?ownerId`. */
export type QuestionnaireSummary = Ok<V1['questionnaires']['$get']>['items'][number];
/** `GET /questionnaires/:id`: the head and its versions (without content). */
export type QuestionnaireDetail = Ok<V1['questionnaires'][':id']['$get']>;
/** `GET /questionnaires/:id/versions/:version`. */
export type QuestionnaireVersionView = Ok<V1['questionnaires'][':id']['versions'][':version']['$get']>;

/** `GET /service-points/:id/qr-tokens`. */
export type QrToken = Ok<V1['service-points'][':id']['qr-tokens']['$get']>['items'][number];

/** `GET /responses`: one page. */
export type ResponsePage = Ok<V1['responses']['$get']>;
export type ResponseItem = ResponsePage['items'][number];
/** `GET /responses/:id`. */
export type ResponseDetail = Ok<V1['responses'][':id']['$get']>;

/** `GET /audit`: one page, and the cursor of the next when more entries follow. */
export type AuditPageView = Ok<V1['audit']['$get']>;
export type AuditEntryView = AuditPageView['entries'][number];

/** `GET /cases`. */
export type CaseRow = Ok<V1['cases']['$get']>['items'][number];
/** `GET /cases/:id`. */
export type CasePageData = Ok<V1['cases'][':id']['$get']>;
export type CaseTimelineEvent = CasePageData['timeline'][number];
/** `GET /cases/metrics`. */
export type CaseMetricsView = Ok<V1['cases']['metrics']['$get']>;

/** `GET /visits`. */
export type VisitRow = Ok<V1['visits']['$get']>['items'][number];
/** `POST /visits`. */
export type CreatedVisit = Created<V1['visits']['$post']>;
/** `GET /visits/:id`: the visit and what came of it. */
export type VisitReportView = Ok<V1['visits'][':id']['$get']>;
/** The visit's own QR code. */
export type VisitQrView = NonNullable<VisitReportView['qr']>;

/** `GET /integrity/report`. */
export type IntegrityReportView = Ok<V1['integrity']['report']['$get']>;

/** `GET /campaigns/:id`. */
export type Campaign = Ok<V1['campaigns'][':id']['$get']>;
/** `GET /campaigns/:id/changes`. */
export type ChangeView = Ok<V1['campaigns'][':id']['changes']['$get']>;
/** `GET /campaigns/:id/uploads/:uploadId`. */
export type UploadView = Ok<V1['campaigns'][':id']['uploads'][':uploadId']['$get']>;
/** `GET /campaigns/:id/results`: the published ranking. */
export type CampaignResults = Ok<V1['campaigns'][':id']['results']['$get']>;
/** `GET /campaigns/counties/:countyId/trend`. */
export type CountyTrend = Ok<V1['campaigns']['counties'][':countyId']['trend']['$get']>;

/** `GET /integrity/quarantine`: the province's undecided quarantined ballots of a period. */
export type QuarantineQueueView = Ok<V1['integrity']['quarantine']['$get']>;
export type QuarantineItemView = QuarantineQueueView['items'][number];

/** `GET /provinces/:id/settings`: the version in force (version 0: the built-in defaults). */
export type ProvinceSettingsView = Ok<V1['provinces'][':id']['settings']['$get']>;
/** `GET /provinces/:id/settings/versions`: every saved version, newest first. */
export type ProvinceSettingsVersions = Ok<V1['provinces'][':id']['settings']['versions']['$get']>;
