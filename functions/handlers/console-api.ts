/** Lambda entry point of the console API: composition only. */
import { Logger } from '@aws-lambda-powertools/logger';
import { handle } from 'hono/aws-lambda';
import { requireEnv } from '../config';
import { createDynamoClient } from '../db/client';
import { tableNamesFromEnv } from '../db/table-names';
import { jwtVerifier } from '../http/console/auth';
import { createConsoleApp } from '../http/console-app';
import { consoleServices } from './console-deps';
import { loadQrKey } from './qr-key';

const logger = new Logger({ serviceName: 'kmpj-console-api' });
const tables = tableNamesFromEnv(['directory', 'questionnaires', 'responses', 'scoring', 'audit']);
const verify = jwtVerifier({
  issuer: requireEnv('JWT_ISSUER'),
  audience: process.env.JWT_AUDIENCE,
  jwksUrl: process.env.JWKS_URL,
});
const qrKey = await loadQrKey();

const app = createConsoleApp({
  logger,
  ...consoleServices({
    client: createDynamoClient(),
    tables,
    qrKey,
    publicBaseUrl: requireEnv('PUBLIC_BASE_URL'),
    verify,
  }),
});

export const handler = handle(app);
