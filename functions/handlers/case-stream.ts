/** Lambda entry point: Responses table stream (NEW_IMAGE) → open cases for bad reviews. */
import { Logger } from '@aws-lambda-powertools/logger';
import { createDynamoClient } from '../db/client';
import { KmsContactCipher } from '../db/contact-cipher-kms';
import { tableNamesFromEnv } from '../db/table-names';
import { caseServices, createCaseStreamHandler } from './case-deps';

const logger = new Logger({ serviceName: 'kmpj-case-stream' });
const tables = tableNamesFromEnv(['directory', 'questionnaires', 'responses', 'audit']);
/** Without a KMS key no phone was encrypted on submission, so there is nothing to re-bind. */
const keyArn = process.env.CONTACT_KEY_ARN;
const contactCipher = keyArn ? KmsContactCipher.forKey(keyArn) : undefined;

export const handler = createCaseStreamHandler(
  caseServices({ client: createDynamoClient(), tables, contactCipher }),
  logger,
);
