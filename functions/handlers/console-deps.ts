/** Wires the console API's services to DynamoDB; shared by the Lambda handler and the local server. */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AuditRepository } from '../db/audit-repository';
import { DirectoryRepository } from '../db/directory-repository';
import { IntegrityRepository } from '../db/integrity-repository';
import { OrgRepository } from '../db/org-repository';
import { QrRepository } from '../db/qr-repository';
import { QuestionnaireRepository } from '../db/questionnaire-repository';
import { ResponseRepository } from '../db/response-repository';
import { ScoringRepository } from '../db/scoring-repository';
import type { TableNames } from '../db/table-names';
import type { VerifyToken } from '../http/console/auth';
import type { ConsoleAppDeps } from '../http/console-app';
import type { ContactCipher } from '../services/contact/cipher-port';
import { type Clock, systemClock } from '../services/ports';
import { caseServices, defaultContactCipher } from './case-deps';

export interface ConsoleWiring {
  client: DynamoDBClient;
  tables: TableNames;
  qrKey: Buffer;
  /** May be a getter (the local server learns its URL once listening): read per request. */
  publicBaseUrl: string;
  verify: VerifyToken;
  clock?: Clock;
  /** Field encryption of citizens' phones; defaults per environment (see defaultContactCipher). */
  contactCipher?: ContactCipher;
}

export function consoleServices(w: ConsoleWiring): Omit<ConsoleAppDeps, 'logger'> {
  const directory = new DirectoryRepository(w.client, w.tables.directory);
  const orgRepo = new OrgRepository(w.client, w.tables);
  const org = {
    getNodes: (ids: readonly string[]) => directory.getNodes(ids),
    children: (id: string) => orgRepo.children(id),
    descendants: (id: string) => orgRepo.descendants(id),
    tokensOf: (id: string) => orgRepo.tokensOf(id),
    create: orgRepo.create.bind(orgRepo),
    update: orgRepo.update.bind(orgRepo),
  };
  const ctx = { clock: w.clock ?? systemClock, newId: randomUUID };
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
  const responsesRepo = new ResponseRepository(w.client, w.tables);
  return {
    integrity: {
      quarantineBetween: integrityRepo.quarantineBetween.bind(integrityRepo),
      dailyAggregates: responsesRepo.dailyAggregates.bind(responsesRepo),
      getNodes: org.getNodes,
    },
    auth: { verify: w.verify, getNodes: org.getNodes },
    org,
    audit: new AuditRepository(w.client, w.tables.audit),
    ctx,
    questionnaires,
    qr,
    campaigns: {
      store: new ScoringRepository(w.client, w.tables),
      org: { getNodes: org.getNodes, children: org.children },
      qr: new ResponseRepository(w.client, w.tables),
    },
    cases: caseServices({
      client: w.client,
      tables: w.tables,
      contactCipher: w.contactCipher ?? defaultContactCipher(w.qrKey),
      clock: w.clock,
    }),
    reporting: {
      responses: new ResponseRepository(w.client, w.tables),
      versions: new QuestionnaireRepository(w.client, w.tables.questionnaires),
      tree: org,
    },
  };
}
