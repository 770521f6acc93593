/** Wires the public API's services to DynamoDB; shared by the Lambda handler and the local server. */

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DirectoryRepository } from '../db/directory-repository';
import { IntegrityReadRepository } from '../db/integrity-read-repository';
import { LimitCounterRepository } from '../db/limit-counters';
import { QuestionnaireReadRepository } from '../db/questionnaire-read-repository';
import { SubmissionRepository } from '../db/response-repository';
import type { TableNames } from '../db/table-names';
import { integrityKeysFrom } from '../domain/integrity/device';
import { type IntegrityDefaults, integrityDefaultsFromEnv } from '../domain/integrity/settings';
import {
  type ClientAddressResolver,
  defaultClientAddress,
  type OriginVerifier,
} from '../http/client-address';
import type { PublicAppDeps } from '../http/public-app-core';
import { countMetric } from '../observability/request-metrics';
import { cachedTokenLoader, cachedVersions } from '../services/cached-readers';
import { expiringDirectory, expiringTokenLoader } from '../services/cases/expiring-tokens';
import type { ContactCipher } from '../services/contact/cipher-port';
import { cachedIntegrityReader } from '../services/integrity/cached-reader';
import { CounterMemo } from '../services/integrity/counter-memo';
import { type Clock, systemClock } from '../services/ports';
import { cachedWindowActivity } from '../services/window-activity';
import { defaultContactCipher } from './contact-cipher';

export interface PublicWiring {
  client: DynamoDBClient;
  tables: Pick<TableNames, 'directory' | 'questionnaires' | 'responses' | 'quietLimits'>;
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

/**
 * The public API's services, with the receipt and integration routes wired in a module of their own
 * (public-more-wiring.ts) that is imported on their first request.
 */
export function publicServices(w: PublicWiring): Omit<PublicAppDeps, 'logger'> {
  const clock = w.clock ?? systemClock;
  const directory = new DirectoryRepository(w.client, w.tables.directory);
  const questionnaires = cachedVersions(new QuestionnaireReadRepository(w.client, w.tables.questionnaires));
  const submissions = new SubmissionRepository(w.client, w.tables);
  const integrityStore = new IntegrityReadRepository(w.client, w.tables);
  const { rotatingKey, ...keys } = integrityKeysFrom(w.qrKey);
  const defaults = { ...integrityDefaultsFromEnv(process.env), ...w.integrityDefaults };
  const cipher = w.contactCipher ?? defaultContactCipher(w.qrKey);
  const windowActive = cachedWindowActivity((ids) => directory.getNodes(ids));
  return {
    clientAddress: w.clientAddress ?? defaultClientAddress(w.originVerify),
    // A visit's code past its window answers like a withdrawn one.
    form: {
      directory: expiringDirectory(directory, clock),
      questionnaires,
      qrKey: w.qrKey,
      windowActive,
    },
    submit: {
      loadToken: expiringTokenLoader(
        cachedTokenLoader((id) => directory.getQrToken(id)),
        clock,
      ),
      tokenStatus: (id) => directory.qrTokenStatus(id),
      questionnaires,
      submissions,
      qrKey: w.qrKey,
      clock,
      contact: cipher,
      integrity:
        w.integrity === false
          ? undefined
          : // One memo per process (Lambda container): a counter it knows full is not written again.
            {
              reader: cachedIntegrityReader(integrityStore),
              counters: new LimitCounterRepository(w.client, w.tables.quietLimits),
              rotatingKey,
              ...keys,
              defaults,
              memo: new CounterMemo(),
            },
      onQuarantined: () => countMetric('QuarantinedBallots'),
      windowActive,
    },
    moreRoutes: async () =>
      (await import('./public-more-wiring')).publicMoreApp(w, {
        directory,
        questionnaires,
        rotatingKey,
        defaults,
        cipher,
      }),
  };
}
