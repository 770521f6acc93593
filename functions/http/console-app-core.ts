/**
 * The staff console API: a second Hono app and Lambda, behind API Gateway's JWT authorizer. How it
 * serves its OpenAPI document is up to the caller (see public-app-core.ts).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Handler, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { PayloadTooLargeError } from '../domain/errors';
import { MAX_UPLOAD_BASE64 } from '../schemas/console/campaigns';
import type { AuditReader } from '../services/audit/list-audit';
import type { ReportingDeps } from '../services/responses/ports';
import { type AuthDeps, authenticate, type ConsoleEnv } from './console/auth';
import { appealRoutes } from './console/routes/appeals';
import { auditRoutes } from './console/routes/audit';
import { type CampaignRoutesDeps, campaignRoutes } from './console/routes/campaigns';
import { type CaseRoutesDeps, caseRoutes } from './console/routes/cases';
import { dashboardRoutes } from './console/routes/dashboard';
import { exportsRoutes } from './console/routes/exports';
import { type IntegrationSecretRoutesDeps, integrationSecretRoutes } from './console/routes/integrations';
import { type IntegrityRoutesDeps, integrityRoutes } from './console/routes/integrity';
import { meRoutes } from './console/routes/me';
import { type OrgRoutesDeps, orgRoutes } from './console/routes/org';
import { type ProvinceSettingsRoutesDeps, provinceSettingsRoutes } from './console/routes/province-settings';
import { type QrRoutesDeps, qrRoutes } from './console/routes/qr';
import { type QuestionnaireRoutesDeps, questionnaireRoutes } from './console/routes/questionnaires';
import { type ReachRoutesDeps, reachRoutes } from './console/routes/reach';
import { responsesRoutes } from './console/routes/responses';
import { visitRoutes } from './console/routes/visits';
import { createOnError, notFound } from './on-error';
import { utf8WhenJson } from './utf8-body';

export interface ConsoleAppDeps
  extends OrgRoutesDeps,
    QuestionnaireRoutesDeps,
    QrRoutesDeps,
    CampaignRoutesDeps,
    CaseRoutesDeps,
    IntegrationSecretRoutesDeps,
    ReachRoutesDeps,
    ProvinceSettingsRoutesDeps {
  logger: Logger;
  auth: AuthDeps;
  audit: AuditReader;
  /** Responses, dashboards and exports (read side). */
  reporting: ReportingDeps;
  /** Ballot-integrity report and, in a demo, the stuffing simulation. */
  integrity: IntegrityRoutesDeps;
}

export const CONSOLE_BASE = '/api/console/v1';
/** Console bodies are questionnaires and small forms; SurveyJS imports are the largest. */
const MAX_CONSOLE_BODY = 256 * 1024;
/** Agency files travel base64-encoded in JSON to the upload route; 64 MB of file plus the envelope. */
const MAX_UPLOAD_BODY = MAX_UPLOAD_BASE64 + 4096;
const UPLOAD_ROUTE = /\/campaigns\/[^/]+\/uploads$/;

const limit = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new PayloadTooLargeError(maxSize);
    },
  });
const consoleLimit = limit(MAX_CONSOLE_BODY);
const uploadLimit = limit(MAX_UPLOAD_BODY);

/**
 * Builds the console API; every route below CONSOLE_BASE requires a verified token. `openApi` gets
 * the app with every route and returns the document's handler.
 */
export function buildConsoleApp(deps: ConsoleAppDeps, openApi: (app: Hono) => Handler) {
  const api = new Hono<ConsoleEnv>()
    .use('*', (c, next) => (UPLOAD_ROUTE.test(c.req.path) ? uploadLimit : consoleLimit)(c, next))
    .use('*', utf8WhenJson())
    .use('*', authenticate(deps.auth))
    .route('/me', meRoutes(deps.auth.getNodes))
    .route('/org', orgRoutes(deps))
    .route('/audit', auditRoutes(deps.audit))
    .route('/questionnaires', questionnaireRoutes(deps))
    .route('/', qrRoutes(deps))
    .route('/responses', responsesRoutes(deps.reporting))
    .route('/dashboard', dashboardRoutes(deps.reporting))
    .route('/exports', exportsRoutes(deps.reporting))
    .route('/campaigns', campaignRoutes(deps))
    .route('/cases', caseRoutes(deps))
    .route('/appeals', appealRoutes(deps))
    .route('/visits', visitRoutes(deps))
    .route('/integrity', integrityRoutes(deps.integrity))
    .route('/', integrationSecretRoutes(deps))
    .route('/', reachRoutes(deps))
    .route('/', provinceSettingsRoutes(deps));

  const app = new Hono()
    .use(
      '/api/console/*',
      secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } }),
    )
    .use('/api/console/*', async (c, next) => {
      await next();
      c.header('Cache-Control', 'no-store');
    })
    .route(CONSOLE_BASE, api);
  return app
    .get('/api/console/openapi.json', openApi(app))
    .notFound(notFound)
    .onError(createOnError(deps.logger));
}
