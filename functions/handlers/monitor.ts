/**
 * Lambda entry point of the hourly monitor job (EventBridge schedule): configuration, wiring,
 * handler. The tracer also wraps the DynamoDB client.
 */
import { createDynamoClient } from '../db/client';
import { DirectoryRepository } from '../db/directory-repository';
import { ResponseRepository } from '../db/response-repository';
import { UnitResponseIndexReader } from '../db/unit-response-index';
import { createLogger } from '../observability/logger';
import { createTracer } from '../observability/tracer';
import { systemClock } from '../services/ports';
import { monitorConfig } from './monitor-config';
import { createMonitorHandler } from './monitor-handler';

const { tables, settings } = monitorConfig();
const logger = createLogger('kmpj-monitor');
const tracer = createTracer('kmpj-monitor');
const client = tracer.captureAWSv3Client(createDynamoClient());

export const handler = createMonitorHandler(
  {
    units: new DirectoryRepository(client, tables.directory),
    aggregates: new ResponseRepository(client, tables),
    responses: new UnitResponseIndexReader(client, tables.responses),
    clock: systemClock,
  },
  settings,
  { logger, tracer },
);
