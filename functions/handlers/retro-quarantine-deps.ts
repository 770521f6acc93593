/** Wiring of the retroactive quarantine, run by the Responses stream handler. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QuestionnaireRepository } from '../db/questionnaire-repository';
import { RetroQuarantineRepository } from '../db/retro-quarantine-repository';
import type { TableNames } from '../db/table-names';
import { cachedVersions } from '../services/cached-readers';
import type { QuarantineEarlierDeps } from '../services/integrity/quarantine-earlier';
import { type Clock, systemClock } from '../services/ports';

export function retroQuarantineServices(w: {
  client: DynamoDBClient;
  tables: Pick<TableNames, 'questionnaires' | 'responses' | 'quietLimits'>;
  clock?: Clock;
}): QuarantineEarlierDeps {
  return {
    store: new RetroQuarantineRepository(w.client, w.tables.responses, w.tables.quietLimits),
    questionnaires: cachedVersions(new QuestionnaireRepository(w.client, w.tables.questionnaires)),
    clock: w.clock ?? systemClock,
  };
}
