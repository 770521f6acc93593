/** Wires the public API's services to DynamoDB; shared by the Lambda handler and the local server. */

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DirectoryReadRepository } from '../db/directory-read-repository';
import { OneTimeTokenReadRepository } from '../db/one-time-token-read-repository';
import { QuestionnaireReadRepository } from '../db/questionnaire-read-repository';
import type { TableNames } from '../db/table-names';
import { integrityKeysFrom } from '../domain/integrity/device';
import { type IntegrityDefaults, integrityDefaultsFromEnv } from '../domain/integrity/settings';
import type { ClientAddressResolver, OriginVerifier } from '../http/client-address';
import type { PublicAppDeps } from '../http/public-app-core';
import { cachedVersions } from '../services/cached-readers';
import { expiringDirectory } from '../services/cases/expiring-tokens';
import type { ContactCipher } from '../services/contact/cipher-port';
import type { OpenFormIntegrity } from '../services/integrity/open-form';
import { loadedValue } from '../services/loaded-once';
import {
  type Clock,
  type QuestionnaireReader,
  systemClock,
  type VersionStatusReader,
} from '../services/ports';
import { cachedWindowActivity, type WindowActivity } from '../services/window-activity';

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

/** What the form routes build and the routes loaded later (submission, receipts, integrations) share. */
export interface PublicShared {
  clock: Clock;
  directory: DirectoryReadRepository;
  questionnaires: QuestionnaireReader & VersionStatusReader;
  /** The checks' keys, settings and the form's read; absent when the checks are off (benchmark baseline). */
  integrity?: OpenFormIntegrity & { deviceKey: Buffer };
  rotatingKey: Buffer;
  defaults: IntegrityDefaults;
  /**
   * The phone cipher (none: phones are not stored), built by the first route that needs it: a form
   * does not, so its module stays off the cold path.
   */
  cipher: () => Promise<ContactCipher | undefined>;
  windowActive: WindowActivity;
}

/** The services and caches the cold path builds: everything a form needs. */
export function publicShared(w: PublicWiring): PublicShared {
  const clock = w.clock ?? systemClock;
  const directory = new DirectoryReadRepository(w.client, w.tables.directory);
  const { rotatingKey, ...keys } = integrityKeysFrom(w.qrKey);
  const defaults = { ...integrityDefaultsFromEnv(process.env), ...w.integrityDefaults };
  return {
    clock,
    directory,
    questionnaires: cachedVersions(new QuestionnaireReadRepository(w.client, w.tables.questionnaires)),
    integrity:
      w.integrity === false
        ? undefined
        : {
            reader: new OneTimeTokenReadRepository(w.client, w.tables),
            rotatingKey,
            ...keys,
            defaults,
          },
    rotatingKey,
    defaults,
    cipher: loadedValue(
      async () => w.contactCipher ?? (await import('./contact-cipher')).defaultContactCipher(w.qrKey),
    ),
    windowActive: cachedWindowActivity((ids) => directory.getNodes(ids)),
  };
}

/**
 * The public API's services. A form is served by what this module builds; the ballot route with the
 * submission use case (public-submit-wiring.ts) and the receipt and integration routes
 * (public-more-wiring.ts) are modules of their own, imported on their first request.
 */
export function publicServices(w: PublicWiring): Omit<PublicAppDeps, 'logger'> {
  const shared = publicShared(w);
  const { clock, directory, questionnaires } = shared;
  return {
    form: {
      // A visit's code past its window answers like a withdrawn one.
      form: {
        directory: expiringDirectory(directory, clock),
        questionnaires,
        qrKey: w.qrKey,
        windowActive: shared.windowActive,
      },
      integrity: shared.integrity,
      clock,
    },
    submission: async () => (await import('./public-submit-wiring')).publicSubmissionRoutes(w, shared),
    moreRoutes: async () => (await import('./public-more-wiring')).publicMoreApp(w, shared),
  };
}
