/**
 * Lambda entry point: Responses table stream (NEW_IMAGE) → open cases for bad reviews, and take
 * back the earlier ballots of a stuffing pattern a new ballot revealed.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { createDynamoClient } from '../db/client';
import { lazyKmsContactCipher } from '../db/contact-cipher-lazy';
import { withEsdkReader } from '../db/contact-cipher-legacy';
import { tableNamesFromEnv } from '../db/table-names';
import { caseServices, createCaseStreamHandler, pushEnqueueServices } from './case-deps';
import { retroQuarantineServices } from './retro-quarantine-deps';

const logger = new Logger({ serviceName: 'kmpj-case-stream' });
const tables = tableNamesFromEnv(['directory', 'questionnaires', 'responses', 'audit']);
/** Without a KMS key no phone was encrypted on submission, so there is nothing to re-bind. */
const keyArn = process.env.CONTACT_KEY_ARN;
const contactCipher = keyArn ? withEsdkReader(lazyKmsContactCipher(keyArn), keyArn) : undefined;

const client = createDynamoClient();
const cases = caseServices({ client, tables, contactCipher });
export const handler = createCaseStreamHandler(
  cases,
  logger,
  retroQuarantineServices({ client, tables }),
  pushEnqueueServices({ client, tables, getVersion: (id, v) => cases.questionnaires.getVersion(id, v) }),
);
