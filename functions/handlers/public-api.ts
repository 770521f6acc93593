/** Lambda entry point of the public API: composition only. */

import { handle } from 'hono/aws-lambda';
import { createDynamoClient } from '../db/client';
import { buildPublicApp } from '../http/public-app-core';
import { LoggerOnDemand } from '../observability/logger-on-demand';
import { publicApiConfig } from './public-api-config';
import { publicServices } from './public-deps';
import { loadQrKey } from './qr-key';

// Only failures are logged here, so Powertools Logger is a chunk loaded with the first of them.
const logger = new LoggerOnDemand(async () =>
  (await import('../observability/logger')).createLogger('kmpj-public-api'),
);
const { tables, publicBaseUrl, originVerify } = publicApiConfig();
const qrKey = await loadQrKey();

// The OpenAPI document was generated from the routes when this function was bundled; it is a
// chunk of its own, read by the first request for it rather than by every cold start.
const app = buildPublicApp(
  { logger, ...publicServices({ client: createDynamoClient(), tables, qrKey, publicBaseUrl, originVerify }) },
  () => async (c) => c.json((await import('virtual:kmpj-openapi')).publicDocument),
);

export const handler = handle(app);
