/** Lambda entry point of the console API: composition only. */

import { handle } from 'hono/aws-lambda';
import { createDynamoClient } from '../db/client';
import { jwtVerifier } from '../http/console/auth';
import { buildConsoleApp } from '../http/console-app-core';
import { createLogger } from '../observability/logger';
import { consoleApiConfig } from './console-api-config';
import { consoleServices } from './console-deps';
import { loadPublicBaseUrl } from './public-base-url';
import { loadQrKey } from './qr-key';

const logger = createLogger('kmpj-console-api');
const { tables, jwt } = consoleApiConfig();
const verify = jwtVerifier(jwt);
const [qrKey, publicBaseUrl] = await Promise.all([loadQrKey(), loadPublicBaseUrl()]);

// The OpenAPI document was generated from the routes when this function was bundled; it is a
// chunk of its own, read by the first request for it rather than by every cold start.
const app = buildConsoleApp(
  {
    logger,
    ...consoleServices({
      client: createDynamoClient(),
      tables,
      qrKey,
      publicBaseUrl,
      verify,
    }),
  },
  () => async (c) => c.json((await import('virtual:kmpj-openapi')).consoleDocument),
);

export const handler = handle(app);
