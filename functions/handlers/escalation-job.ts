/** Lambda entry point: scheduled (EventBridge) escalation of overdue cases and reminders. */
import { Logger } from '@aws-lambda-powertools/logger';
import { createDynamoClient } from '../db/client';
import { tableNamesFromEnv } from '../db/table-names';
import { caseServices, createEscalationHandler } from './case-deps';

const logger = new Logger({ serviceName: 'kmpj-escalation-job' });
const tables = tableNamesFromEnv(['directory', 'questionnaires', 'responses', 'audit']);

export const handler = createEscalationHandler(
  caseServices({ client: createDynamoClient(), tables }),
  logger,
);
