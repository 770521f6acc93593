/** Wires the public API's services to DynamoDB; shared by the Lambda handler and the local server. */

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CaseRepository } from '../db/case-repository';
import { DirectoryRepository } from '../db/directory-repository';
import { IntegrityRepository } from '../db/integrity-repository';
import { QuestionnaireRepository } from '../db/questionnaire-repository';
import { ReachRepository } from '../db/reach-repository';
import { ResponseRepository } from '../db/response-repository';
import type { TableNames } from '../db/table-names';
import { WithdrawalRepository } from '../db/withdrawal-repository';
import { integrityKeysFrom } from '../domain/integrity/device';
import { type IntegrityDefaults, integrityDefaultsFromEnv } from '../domain/integrity/settings';
import { transactionBallotKey } from '../domain/integrity/transaction-ballot';
import { phoneKeyKey } from '../domain/reach/sms';
import {
  type ClientAddressResolver,
  defaultClientAddress,
  type OriginVerifier,
} from '../http/client-address';
import type { FormRoutesDeps } from '../http/routes/forms';
import type { IntegrationRoutesDeps } from '../http/routes/integration';
import type { ReceiptRoutesDeps } from '../http/routes/receipts';
import { recordMetric } from '../observability/metrics';
import { cachedTokenLoader, cachedVersions } from '../services/cached-readers';
import { expiringDirectory, expiringTokenLoader } from '../services/cases/expiring-tokens';
import type { ContactCipher } from '../services/contact/cipher-port';
import { cachedIntegrityReader } from '../services/integrity/cached-reader';
import { CounterMemo } from '../services/integrity/counter-memo';
import { type Clock, type QuestionnaireReader, systemClock } from '../services/ports';
import { invitationScheduler } from '../services/reach/invitations';
import { cachedWindowActivity } from '../services/window-activity';
import { defaultContactCipher } from './contact-cipher';

export interface PublicWiring {
  client: DynamoDBClient;
  tables: Pick<TableNames, 'directory' | 'questionnaires' | 'responses'>;
  qrKey: Buffer;
  clock?: Clock;
  /** Field encryption of the optional callback phone; defaults per environment (see defaultContactCipher). */
  contactCipher?: ContactCipher;
  /** `false` switches the integrity checks off (benchmark baseline only). */
  integrity?: boolean;
  /** How the client address is found (tests pass a header reader). */
  clientAddress?: ClientAddressResolver;
  /** On Lambda: checks CloudFront's origin-verify header before its viewer address is believed. */
  originVerify?: OriginVerifier;
  /** Base of the form URLs handed to displays and integrations, or its loader; relative when absent. */
  publicBaseUrl?: string | (() => Promise<string>);
  /** Deployment-wide integrity settings over the environment's (INTEGRITY_* variables). */
  integrityDefaults?: IntegrityDefaults;
}

/** The integrity checks, the client-address resolver and the integration routes' deps. */
function integrityServices(
  w: PublicWiring,
  directory: DirectoryRepository,
  questionnaires: QuestionnaireReader,
) {
  const clock = w.clock ?? systemClock;
  const repo = new IntegrityRepository(w.client, w.tables);
  const keys = integrityKeysFrom(w.qrKey);
  const defaults = { ...integrityDefaultsFromEnv(process.env), ...w.integrityDefaults };
  const publicBaseUrl = w.publicBaseUrl ?? process.env.PUBLIC_BASE_URL ?? '';
  // `/f/index.html` where the CDN cannot rewrite directory URLs (set by CDK for the China target).
  const formPath = process.env.FORM_PATH;
  const cipher = w.contactCipher ?? defaultContactCipher(w.qrKey);
  return {
    integrity:
      w.integrity === false
        ? undefined
        : // One memo per process (Lambda container): what it learns spares later ballots a read.
          { reader: cachedIntegrityReader(repo), ...keys, defaults, memo: new CounterMemo() },
    clientAddress: w.clientAddress ?? defaultClientAddress(w.originVerify),
    integration: {
      oneTime: { store: repo, qrKey: w.qrKey, publicBaseUrl, formPath, clock },
      transaction: {
        store: repo,
        qrKey: w.qrKey,
        transactionKey: transactionBallotKey(w.qrKey),
        publicBaseUrl,
        formPath,
        clock,
        // A number given with consent is kept, encrypted, for one SMS invitation.
        invite:
          cipher &&
          invitationScheduler({
            store: new ReachRepository(w.client, w.tables),
            cipher,
            phoneKey: phoneKeyKey(w.qrKey),
            clock,
          }),
      },
      display: {
        store: repo,
        directory,
        questionnaires,
        qrKey: w.qrKey,
        rotatingKey: keys.rotatingKey,
        publicBaseUrl,
        formPath,
        defaults,
        clock,
      },
    } satisfies IntegrationRoutesDeps,
  };
}

export function publicServices(
  w: PublicWiring,
): FormRoutesDeps & ReceiptRoutesDeps & { integration: IntegrationRoutesDeps } {
  const directory = new DirectoryRepository(w.client, w.tables.directory);
  const questionnaires = cachedVersions(new QuestionnaireRepository(w.client, w.tables.questionnaires));
  const submissions = new ResponseRepository(w.client, w.tables);
  const checks = integrityServices(w, directory, questionnaires);
  const windowActive = cachedWindowActivity((ids) => directory.getNodes(ids));
  return {
    clientAddress: checks.clientAddress,
    integration: checks.integration,
    // A visit's code past its window answers like a withdrawn one.
    form: {
      directory: expiringDirectory(directory, w.clock ?? systemClock),
      questionnaires,
      qrKey: w.qrKey,
      windowActive,
    },
    submit: {
      loadToken: expiringTokenLoader(
        cachedTokenLoader((id) => directory.getQrToken(id)),
        w.clock ?? systemClock,
      ),
      tokenStatus: (id) => directory.qrTokenStatus(id),
      questionnaires,
      submissions,
      qrKey: w.qrKey,
      clock: w.clock ?? systemClock,
      contact: w.contactCipher ?? defaultContactCipher(w.qrKey),
      integrity: checks.integrity,
      onQuarantined: () => recordMetric('QuarantinedBallots'),
      windowActive,
    },
    receipts: new CaseRepository(w.client, { responses: w.tables.responses }),
    withdrawals: {
      store: new WithdrawalRepository(w.client, w.tables.responses),
      questionnaires,
      clock: w.clock ?? systemClock,
    },
  };
}
