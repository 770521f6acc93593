/** Lambda entry point of the public API: composition only. */

import { publicDocument } from 'virtual:kmpj-openapi';
import { handle } from 'hono/aws-lambda';
import { createDynamoClient } from '../db/client';
import { tableNamesFromEnv } from '../db/table-names';
import { buildPublicApp } from '../http/public-app-core';
import { createLogger } from '../observability/logger';
import { publicBaseUrlSource } from './public-base-url';
import { publicServices } from './public-deps';
import { loadQrKey } from './qr-key';

const logger = createLogger('kmpj-public-api');
const tables = tableNamesFromEnv(['directory', 'questionnaires', 'responses']);
// The base URL is only needed for the URLs of one-time and rotating ballots; CDK always sets one of the two.
const hasBaseUrl = Boolean(process.env.PUBLIC_BASE_URL || process.env.PUBLIC_BASE_URL_PARAMETER);
const publicBaseUrl = hasBaseUrl ? publicBaseUrlSource() : undefined;
const qrKey = await loadQrKey();

// The OpenAPI document was generated from the routes when this function was bundled.
const app = buildPublicApp(
  { logger, ...publicServices({ client: createDynamoClient(), tables, qrKey, publicBaseUrl }) },
  () => (c) => c.json(publicDocument),
);

export const handler = handle(app);
