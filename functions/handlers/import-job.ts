/**
 * Lambda entry point of the agency-file import (S3 ObjectCreated): configuration, wiring, handler.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, S3Event } from 'aws-lambda';
import { createDynamoClient } from '../db/client';
import { DirectoryRepository } from '../db/directory-repository';
import { OrgRepository } from '../db/org-repository';
import { s3FileReader } from '../db/s3-file-reader';
import { ScoringRepository } from '../db/scoring-repository';
import { createLogger } from '../observability/logger';
import { systemClock } from '../services/ports';
import { importJobConfig } from './import-job-config';
import { createImportJobHandler } from './import-job-handler';

const { tables } = importJobConfig();
const logger = createLogger('kmpj-import');
const client = createDynamoClient();
const directory = new DirectoryRepository(client, tables.directory);
const orgRepo = new OrgRepository(client, tables);
const run = createImportJobHandler(
  {
    files: s3FileReader(),
    store: new ScoringRepository(client, tables),
    org: { getNodes: (ids) => directory.getNodes(ids), children: (id) => orgRepo.children(id) },
    clock: systemClock,
  },
  (msg, extra) => logger.warn(msg, { ...extra }),
);

export const handler = middy((event: S3Event, _context: Context) => run(event)).use(
  injectLambdaContext(logger),
);
