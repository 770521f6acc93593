/** Lambda entry point: scheduled (EventBridge) escalation of overdue cases and reminders. */
import { createDynamoClient } from '../db/client';
import { createLogger } from '../observability/logger';
import { caseServices } from './case-wiring';
import { createEscalationHandler } from './escalation-handler';
import { escalationJobConfig } from './escalation-job-config';

const { tables, settings } = escalationJobConfig();

export const handler = createEscalationHandler(
  caseServices({ client: createDynamoClient(), tables, settings }),
  createLogger('kmpj-escalation-job'),
);
