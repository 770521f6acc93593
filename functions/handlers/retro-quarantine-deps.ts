/** Wiring of the stream's integrity work (quiet-limit counting, retroactive quarantine), run by the Responses stream handler. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LimitCounterRepository } from '../db/limit-counters';
import { QuestionnaireRepository } from '../db/questionnaire-repository';
import { RetroQuarantineRepository } from '../db/retro-quarantine-repository';
import type { TableNames } from '../db/table-names';
import { cachedVersions } from '../services/cached-readers';
import type { StreamIntegrityDeps } from '../services/integrity/count-on-stream';
import { CounterMemo } from '../services/integrity/counter-memo';
import { type Clock, systemClock } from '../services/ports';

export function retroQuarantineServices(w: {
  client: DynamoDBClient;
  tables: Pick<TableNames, 'questionnaires' | 'responses' | 'quietLimits'>;
  clock?: Clock;
}): StreamIntegrityDeps {
  return {
    store: new RetroQuarantineRepository(w.client, w.tables.responses, w.tables.quietLimits),
    counters: new LimitCounterRepository(w.client, w.tables.quietLimits),
    // One memo per process (Lambda container): a counter it knows full is not written again.
    memo: new CounterMemo(),
    questionnaires: cachedVersions(new QuestionnaireRepository(w.client, w.tables.questionnaires)),
    clock: w.clock ?? systemClock,
  };
}
