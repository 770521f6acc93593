/** Lambda entry point of the public API: composition only. */
import { handle } from 'hono/aws-lambda';
import { createDynamoClient } from '../db/client';
import { tableNamesFromEnv } from '../db/table-names';
import { createPublicApp } from '../http/public-app';
import { createLogger } from '../observability/logger';
import { publicServices } from './public-deps';
import { loadQrKey } from './qr-key';

const logger = createLogger('kmpj-public-api');
const tables = tableNamesFromEnv(['directory', 'questionnaires', 'responses']);
const qrKey = await loadQrKey();

const app = createPublicApp({ logger, ...publicServices({ client: createDynamoClient(), tables, qrKey }) });

export const handler = handle(app);
