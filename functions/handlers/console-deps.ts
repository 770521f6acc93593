/** Wires the console API's services to DynamoDB; shared by the Lambda handler and the local server. */

import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AuditRepository } from '../db/audit-repository';
import { DirectoryRepository } from '../db/directory-repository';
import { IntegrationSecretRepository } from '../db/integration-secret-repository';
import { IntegrityRepository } from '../db/integrity-repository';
import { OrgRepository } from '../db/org-repository';
import { ProvinceSettingsRepository } from '../db/province-settings-repository';
import { PushRepository } from '../db/push-repository';
import { QrRepository } from '../db/qr-repository';
import { QuarantineReviewRepository } from '../db/quarantine-review-repository';
import { QuestionnaireRepository } from '../db/questionnaire-repository';
import { ReachRepository } from '../db/reach-repository';
import { ResponseRepository } from '../db/response-repository';
import { RollupRepository } from '../db/rollup-repository';
import { lazyS3UploadPresigner } from '../db/s3-upload-presigner-lazy';
import { ScoringRepository } from '../db/scoring-repository';
import type { LocalSmsOutbox } from '../db/sms-outbox';
import type { TableNames } from '../db/table-names';
import { defaultWorkingCalendar } from '../domain/cases/deadlines';
import { previousWorkingDay } from '../domain/figures-cutoff';
import { phoneKeyKey } from '../domain/reach/sms';
import type { VerifyToken } from '../http/console/auth';
import type { ReachRoutesDeps } from '../http/console/routes/reach';
import type { ConsoleAppDeps } from '../http/console-app';
import type { UploadPresigner } from '../services/campaigns/presign-upload';
import { openCaseFromResponse } from '../services/cases/open-case';
import type { ResponseImage } from '../services/cases/ports';
import type { ContactCipher } from '../services/contact/cipher-port';
import { agencyScoreReader } from '../services/integrity/agency-scores';
import type { DemoSimulations } from '../services/integrity/simulation-port';
import { type Clock, systemClock } from '../services/ports';
import type { ReportingDeps } from '../services/responses/ports';
import { settingsInForce } from '../services/settings/province-settings';
import { caseServices } from './case-wiring';
import { readingContactCipher } from './contact-reader';

export interface ConsoleWiring {
  client: DynamoDBClient;
  /** Every table but the quiet-limit counters, which only ballots and their stream handler touch. */
  tables: Omit<TableNames, 'quietLimits'>;
  qrKey: Buffer;
  /** May be a getter (the local server learns its URL once listening): read per request. */
  publicBaseUrl: string;
  verify: VerifyToken;
  clock?: Clock;
  /** Field encryption of citizens' phones; defaults per environment (see readingContactCipher). */
  contactCipher?: ContactCipher;
  /** Presigned agency uploads; defaults to the UPLOAD_BUCKET of the environment (none locally). */
  uploadPresigner?: UploadPresigner;
  /**
   * The demo stuffing simulation the province admin may run from the console, writing ballots into
   * these tables: wired by the local stack only (local/simulation-deps.ts). Absent in Lambda, where
   * its route answers 404.
   */
  simulations?: DemoSimulations;
  /** The local SMS outbox (npm start): the console lists its messages. */
  smsOutbox?: LocalSmsOutbox;
  /** The rollups the dashboard reads (default: the Responses table's). */
  rollups?: ReportingDeps['rollups'];
}

/** The reach routes' deps: the province's settings, and the local SMS outbox where there is one. */
function reachServices(
  w: ConsoleWiring,
  ctx: { clock: Clock; newId: () => string },
): ReachRoutesDeps['reach'] {
  const repo = new ReachRepository(w.client, w.tables);
  const outbox = w.smsOutbox;
  return {
    settings: { store: repo, ...ctx },
    push: { store: new PushRepository(w.client, w.tables.responses), clock: ctx.clock },
    outbox: outbox && {
      list: (limit) => outbox.list(limit),
      replies: { store: repo, phoneKey: phoneKeyKey(w.qrKey), clock: ctx.clock },
    },
  };
}

export function consoleServices(w: ConsoleWiring): Omit<ConsoleAppDeps, 'logger'> {
  const directory = new DirectoryRepository(w.client, w.tables.directory);
  const orgRepo = new OrgRepository(w.client, w.tables);
  const org = {
    getNodes: (ids: readonly string[]) => directory.getNodes(ids),
    children: (id: string) => orgRepo.children(id),
    descendants: (path: string) => orgRepo.descendants(path),
    tokensOf: (id: string) => orgRepo.tokensOf(id),
    create: orgRepo.create.bind(orgRepo),
    update: orgRepo.update.bind(orgRepo),
  };
  const ctx = { clock: w.clock ?? systemClock, newId: randomUUID };
  const cases = caseServices({
    client: w.client,
    tables: w.tables,
    contactCipher: w.contactCipher ?? readingContactCipher(w.qrKey),
    clock: w.clock,
  });
  const provinceSettings = new ProvinceSettingsRepository(w.client, w.tables);
  const questionnaireRepo = new QuestionnaireRepository(w.client, w.tables.questionnaires, w.tables);
  const questionnaires = {
    getNodes: org.getNodes,
    getHead: questionnaireRepo.getHead.bind(questionnaireRepo),
    getVersion: questionnaireRepo.getVersion.bind(questionnaireRepo),
    listVersions: questionnaireRepo.listVersions.bind(questionnaireRepo),
    listByOwner: questionnaireRepo.listByOwner.bind(questionnaireRepo),
    createAudited: questionnaireRepo.createAudited.bind(questionnaireRepo),
    updateDraftAudited: questionnaireRepo.updateDraftAudited.bind(questionnaireRepo),
    addVersion: questionnaireRepo.addVersion.bind(questionnaireRepo),
    publishAudited: questionnaireRepo.publishAudited.bind(questionnaireRepo),
    provinceSettings: (provinceId: string) => settingsInForce(provinceSettings, provinceId),
    archive: questionnaireRepo.archive.bind(questionnaireRepo),
  };
  const qrRepo = new QrRepository(w.client, w.tables);
  const qr = {
    store: {
      getNodes: org.getNodes,
      children: org.children,
      getQrToken: (id: string) => directory.getQrToken(id),
      tokensOf: org.tokensOf,
      issue: qrRepo.issue.bind(qrRepo),
      revoke: qrRepo.revoke.bind(qrRepo),
      rotate: qrRepo.rotate.bind(qrRepo),
      getQuestionnaireHead: questionnaires.getHead,
    },
    ctx,
    qrKey: w.qrKey,
    publicBaseUrl: () => w.publicBaseUrl,
    // `/f/index.html` where the CDN cannot rewrite directory URLs (set by CDK for the China target).
    formPath: process.env.FORM_PATH,
  };
  const integrityRepo = new IntegrityRepository(w.client, w.tables);
  // Display secrets and integration keys, issued, rotated and revoked from the console.
  const secretsRepo = new IntegrationSecretRepository(w.client, w.tables);
  const integrationSecrets = {
    store: {
      getNodes: org.getNodes,
      tokensOf: org.tokensOf,
      getDisplay: secretsRepo.getDisplay.bind(secretsRepo),
      getIntegrationKey: secretsRepo.getIntegrationKey.bind(secretsRepo),
      createDisplay: secretsRepo.createDisplay.bind(secretsRepo),
      listDisplays: secretsRepo.listDisplays.bind(secretsRepo),
      revokeDisplay: secretsRepo.revokeDisplay.bind(secretsRepo),
      createIntegrationKey: secretsRepo.createIntegrationKey.bind(secretsRepo),
      listIntegrationKeys: secretsRepo.listIntegrationKeys.bind(secretsRepo),
      revokeIntegrationKey: secretsRepo.revokeIntegrationKey.bind(secretsRepo),
      rotateDisplay: secretsRepo.rotateDisplay.bind(secretsRepo),
      rotateIntegrationKey: secretsRepo.rotateIntegrationKey.bind(secretsRepo),
    },
    ctx,
    publicBaseUrl: () => w.publicBaseUrl,
    formPath: process.env.FORM_PATH,
  };
  const responsesRepo = new ResponseRepository(w.client, w.tables);
  const scoring = new ScoringRepository(w.client, w.tables);
  return {
    reach: reachServices(w, ctx),
    provinceSettings: { store: provinceSettings, ...ctx },
    integrationSecrets: { displays: integrationSecrets, keys: integrationSecrets },
    integrity: {
      quarantineBetween: integrityRepo.quarantineBetween.bind(integrityRepo),
      dailyAggregates: responsesRepo.dailyAggregates.bind(responsesRepo),
      getNodes: org.getNodes,
      descendants: org.descendants,
      agencyScore: agencyScoreReader(scoring),
      simulations: w.simulations,
      review: {
        store: new QuarantineReviewRepository(w.client, w.tables),
        questionnaires: cases.questionnaires,
        getNodes: org.getNodes,
        openCase: (b) => openCaseFromResponse(cases, b as unknown as ResponseImage),
        ...ctx,
      },
    },
    auth: { verify: w.verify, getNodes: org.getNodes },
    org,
    audit: new AuditRepository(w.client, w.tables.audit),
    ctx,
    questionnaires,
    qr,
    campaigns: {
      store: scoring,
      org: { getNodes: org.getNodes, children: org.children },
      qr: new ResponseRepository(w.client, w.tables),
      presigner:
        w.uploadPresigner ??
        (process.env.UPLOAD_BUCKET ? lazyS3UploadPresigner(process.env.UPLOAD_BUCKET) : undefined),
    },
    cases,
    reporting: {
      responses: new ResponseRepository(w.client, w.tables),
      versions: new QuestionnaireRepository(w.client, w.tables.questionnaires),
      tree: org,
      cutoffDay: async (provinceId: string) =>
        previousWorkingDay(
          ctx.clock.now(),
          cases.settings.calendar ?? defaultWorkingCalendar,
          (await settingsInForce(provinceSettings, provinceId)).figures.unitCutoffWorkingDays,
        ),
      rollups: w.rollups ?? new RollupRepository(w.client, w.tables.responses),
    },
  };
}
