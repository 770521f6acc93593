/** Lambda entry point of the console API: composition only. */

import { consoleDocument } from 'virtual:kmpj-openapi';
import { handle } from 'hono/aws-lambda';
import { requireEnv } from '../config';
import { createDynamoClient } from '../db/client';
import { tableNamesFromEnv } from '../db/table-names';
import { jwtVerifier } from '../http/console/auth';
import { buildConsoleApp } from '../http/console-app-core';
import { createLogger } from '../observability/logger';
import { consoleServices } from './console-deps';
import { loadPublicBaseUrl } from './public-base-url';
import { loadQrKey } from './qr-key';

const logger = createLogger('kmpj-console-api');
const tables = tableNamesFromEnv(['directory', 'questionnaires', 'responses', 'scoring', 'audit']);
const verify = jwtVerifier({
  issuer: requireEnv('JWT_ISSUER'),
  audience: process.env.JWT_AUDIENCE,
  jwksUrl: process.env.JWKS_URL,
});
const [qrKey, publicBaseUrl] = await Promise.all([loadQrKey(), loadPublicBaseUrl()]);

// The OpenAPI document was generated from the routes when this function was bundled.
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
  () => (c) => c.json(consoleDocument),
);

export const handler = handle(app);
