/**
 * Lambda entry point: Responses table stream (NEW_IMAGE) → open cases for bad reviews, take back
 * the earlier ballots of a stuffing pattern a new ballot revealed, feed the provincial push outbox.
 */
import { createDynamoClient } from '../db/client';
import { lazyKmsContactCipher } from '../db/contact-cipher-lazy';
import { withEsdkReader } from '../db/contact-cipher-legacy';
import { createLogger } from '../observability/logger';
import { caseStreamConfig } from './case-stream-config';
import { createCaseStreamHandler } from './case-stream-handler';
import { caseServices, pushEnqueueServices } from './case-wiring';
import { retroQuarantineServices } from './retro-quarantine-deps';

const { tables, settings, contactKeyArn } = caseStreamConfig();
const contactCipher = contactKeyArn
  ? withEsdkReader(lazyKmsContactCipher(contactKeyArn), contactKeyArn)
  : undefined;

const client = createDynamoClient();
const cases = caseServices({ client, tables, contactCipher, settings });
export const handler = createCaseStreamHandler(
  cases,
  createLogger('kmpj-case-stream'),
  retroQuarantineServices({ client, tables }),
  pushEnqueueServices({ client, tables, getVersion: (id, v) => cases.questionnaires.getVersion(id, v) }),
);
