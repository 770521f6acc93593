/** Lambda entry point of the public API: composition only. */
import { Logger } from '@aws-lambda-powertools/logger';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { handle } from 'hono/aws-lambda';
import { requireEnv } from '../config';
import { createDynamoClient } from '../db/client';
import { tableNamesFromEnv } from '../db/table-names';
import { createPublicApp } from '../http/public-app';
import { publicServices } from './public-deps';

const logger = new Logger({ serviceName: 'kmpj-public-api' });
const tables = tableNamesFromEnv(['directory', 'questionnaires', 'responses']);
const secretArn = requireEnv('QR_SECRET_ARN');
const qrSecret = await getSecret(secretArn, { maxAge: 3600 });
if (typeof qrSecret !== 'string' || qrSecret.length < 32)
  throw new Error('QR secret missing or shorter than 32 characters');

const app = createPublicApp({
  logger,
  ...publicServices({ client: createDynamoClient(), tables, qrKey: Buffer.from(qrSecret, 'utf8') }),
});

export const handler = handle(app);
