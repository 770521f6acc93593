/** Wires the public API's services to DynamoDB; shared by the Lambda handler and the local server. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DirectoryRepository } from '../db/directory-repository';
import { QuestionnaireRepository } from '../db/questionnaire-repository';
import { ResponseRepository } from '../db/response-repository';
import type { TableNames } from '../db/table-names';
import type { FormRoutesDeps } from '../http/routes/forms';
import { cachedTokenLoader, cachedVersions } from '../services/cached-readers';
import { type Clock, systemClock } from '../services/ports';

export interface PublicWiring {
  client: DynamoDBClient;
  tables: Pick<TableNames, 'directory' | 'questionnaires' | 'responses'>;
  qrKey: Buffer;
  clock?: Clock;
}

export function publicServices(w: PublicWiring): FormRoutesDeps {
  const directory = new DirectoryRepository(w.client, w.tables.directory);
  const questionnaires = cachedVersions(new QuestionnaireRepository(w.client, w.tables.questionnaires));
  const submissions = new ResponseRepository(w.client, w.tables);
  return {
    form: { directory, questionnaires, qrKey: w.qrKey },
    submit: {
      loadToken: cachedTokenLoader((id) => directory.getQrToken(id)),
      questionnaires,
      submissions,
      qrKey: w.qrKey,
      clock: w.clock ?? systemClock,
    },
  };
}
