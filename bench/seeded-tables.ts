/** Tables of their own on a DynamoDB Local, created and seeded with the demo tree and its forms. */
import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTables } from '../functions/db/create-tables';
import { DirectoryRepository } from '../functions/db/directory-repository';
import { QuestionnaireRepository } from '../functions/db/questionnaire-repository';
import { tableNamesWithPrefix } from '../functions/db/table-names';
import { seedDemo } from '../local/seed';

/** Creates tables under a random `name`-prefix and seeds them; returns them with a fresh QR key. */
export async function seededTables(client: DynamoDBClient, name: string) {
  const prefix = `${name}${randomBytes(3).toString('hex')}-`;
  await ensureTables(client, prefix);
  const tables = tableNamesWithPrefix(prefix);
  const qrKey = randomBytes(32);
  const { demoForms } = await seedDemo({
    directory: new DirectoryRepository(client, tables.directory),
    questionnaires: new QuestionnaireRepository(client, tables.questionnaires),
    qrKey,
    publicBaseUrl: 'http://127.0.0.1',
    now: new Date(),
  });
  return { tables, qrKey, demoForms };
}
