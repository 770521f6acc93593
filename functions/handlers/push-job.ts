/** Lambda entry point: scheduled (EventBridge, every minute) push of due records to the provinces' platforms. */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { createDynamoClient } from '../db/client';
import { PushRepository } from '../db/push-repository';
import { ReachRepository } from '../db/reach-repository';
import { createLogger } from '../observability/logger';
import { systemClock } from '../services/ports';
import { httpPushTransport } from './push-transport';
import { pushJobConfig } from './reach-job-config';
import { createPushHandler } from './reach-jobs';

const config = pushJobConfig();
const client = createDynamoClient();
const reach = new ReachRepository(client, config.tables);
const store = new PushRepository(client, config.tables.responses);
const transport = httpPushTransport(config.timeoutMs);

export const handler = createPushHandler(async () => {
  const secret = await getSecret(config.pushSecretArn, { maxAge: 3600 });
  if (typeof secret !== 'string' || secret.length < 32)
    throw new Error('push secret missing or shorter than 32 characters');
  return {
    store,
    settings: (p: string) => reach.getSettings(p),
    rootKey: Buffer.from(secret, 'utf8'),
    clock: systemClock,
    transport,
  };
}, createLogger('kmpj-push'));
