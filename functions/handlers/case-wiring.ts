/**
 * Wiring of the follow-up case services and of the push outbox's enqueueing, shared by the console
 * API, the Responses-stream function, the escalation job and the local stack.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CaseRepository } from '../db/case-repository';
import { DirectoryRepository } from '../db/directory-repository';
import { PushRepository } from '../db/push-repository';
import { QuestionnaireRepository } from '../db/questionnaire-repository';
import { ReachRepository } from '../db/reach-repository';
import type { TableNames } from '../db/table-names';
import type { ReachSettings } from '../domain/reach/settings';
import { cachedVersions } from '../services/cached-readers';
import type { CaseDeps } from '../services/cases/deps';
import type { CaseSettings } from '../services/cases/ports';
import type { ContactCipher } from '../services/contact/cipher-port';
import { type Clock, systemClock } from '../services/ports';
import type { EnqueuePushDeps } from '../services/reach/push';
import { caseSettingsFromEnv } from './case-settings';

export interface CaseWiring {
  client: DynamoDBClient;
  tables: Pick<TableNames, 'directory' | 'questionnaires' | 'responses' | 'audit'>;
  contactCipher?: ContactCipher;
  settings?: CaseSettings;
  clock?: Clock;
}

export function caseServices(w: CaseWiring): CaseDeps {
  const repo = new CaseRepository(w.client, w.tables);
  const directory = new DirectoryRepository(w.client, w.tables.directory);
  return {
    cases: repo,
    visits: repo,
    getNodes: (ids) => directory.getNodes(ids),
    cipher: w.contactCipher,
    questionnaires: cachedVersions(new QuestionnaireRepository(w.client, w.tables.questionnaires)),
    settings: w.settings ?? caseSettingsFromEnv(),
    clock: w.clock ?? systemClock,
    newId: randomUUID,
  };
}

/** The push outbox's enqueue deps on the case stream: the province's settings (cached 30 s). */
export function pushEnqueueServices(w: {
  client: DynamoDBClient;
  tables: Pick<TableNames, 'responses' | 'directory'>;
  getVersion: EnqueuePushDeps['getVersion'];
  clock?: Clock;
}): EnqueuePushDeps {
  const reach = new ReachRepository(w.client, w.tables);
  const cache = new Map<string, { at: number; value: Promise<ReachSettings | undefined> }>();
  return {
    store: new PushRepository(w.client, w.tables.responses),
    settings: (provinceId) => {
      const hit = cache.get(provinceId);
      if (hit && Date.now() - hit.at < 30_000) return hit.value;
      const value = reach.getSettings(provinceId);
      cache.set(provinceId, { at: Date.now(), value });
      return value;
    },
    clock: w.clock ?? systemClock,
    getVersion: w.getVersion,
  };
}
