/** Lambda entry point: scheduled (EventBridge, every minute) sending of due SMS invitations through SNS. */
import { createDynamoClient } from '../db/client';
import { lazyKmsContactCipher } from '../db/contact-cipher-lazy';
import { ReachRepository } from '../db/reach-repository';
import { SnsSmsSender, smsClient } from '../db/sns-sms-sender';
import { createLogger } from '../observability/logger';
import { systemClock } from '../services/ports';
import { smsSenderConfig } from './reach-job-config';
import { createSmsSenderHandler } from './reach-jobs';

const config = smsSenderConfig();
const client = createDynamoClient();

export const handler = createSmsSenderHandler(
  {
    store: new ReachRepository(client, config.tables),
    cipher: lazyKmsContactCipher(config.contactKeyArn),
    clock: systemClock,
    sender: new SnsSmsSender(smsClient(), config.senderId),
  },
  createLogger('kmpj-sms-sender'),
);
