/** Lambda entry point of the public API: composition only. */

import { publicDocument } from 'virtual:kmpj-openapi';
import { handle } from 'hono/aws-lambda';
import { createDynamoClient } from '../db/client';
import { buildPublicApp } from '../http/public-app-core';
import { createLogger } from '../observability/logger';
import { publicApiConfig } from './public-api-config';
import { publicServices } from './public-deps';
import { loadQrKey } from './qr-key';

const logger = createLogger('kmpj-public-api');
const { tables, publicBaseUrl } = publicApiConfig();
const qrKey = await loadQrKey();

// The OpenAPI document was generated from the routes when this function was bundled.
const app = buildPublicApp(
  { logger, ...publicServices({ client: createDynamoClient(), tables, qrKey, publicBaseUrl }) },
  () => (c) => c.json(publicDocument),
);

export const handler = handle(app);
