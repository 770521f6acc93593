/** Lambda entry point: inbound SMS (two-way SMS → SNS topic) → a TD reply opts the number out. */
import { createDynamoClient } from '../db/client';
import { ReachRepository } from '../db/reach-repository';
import { phoneKeyKey } from '../domain/reach/sms';
import { createLogger } from '../observability/logger';
import { systemClock } from '../services/ports';
import { loadQrKey } from './qr-key';
import { smsReplyConfig } from './reach-job-config';
import { createSmsReplyHandler } from './reach-jobs';

const config = smsReplyConfig();
const store = new ReachRepository(createDynamoClient(), config.tables);
let phoneKey: Promise<Buffer> | undefined;

export const handler = createSmsReplyHandler(async () => {
  phoneKey ??= loadQrKey({ QR_SECRET_ARN: config.qrSecretArn }).then(phoneKeyKey);
  return { store, phoneKey: await phoneKey, clock: systemClock };
}, createLogger('kmpj-sms-reply'));
