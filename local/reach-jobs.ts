/**
 * The reach jobs of the local stack: the SMS sender, run on a timer against the local outbox
 * (EventBridge runs the same use case every minute in AWS).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ReachRepository } from '../functions/db/reach-repository';
import type { LocalSmsOutbox } from '../functions/db/sms-outbox';
import type { TableNames } from '../functions/db/table-names';
import { phoneKeyKey } from '../functions/domain/reach/sms';
import type { ContactCipher } from '../functions/services/contact/cipher-port';
import { type Clock, systemClock } from '../functions/services/ports';
import { sendDueInvitations } from '../functions/services/reach/invitations';

export interface ReachJobs {
  /** Runs the sender once now (tests and the walk-through script). */
  sendNow(): Promise<{ sent: number; skipped: number; postponed: number }>;
  stop(): void;
}

export function startReachJobs(o: {
  client: DynamoDBClient;
  tables: TableNames;
  qrKey: Buffer;
  contactCipher: ContactCipher;
  outbox: LocalSmsOutbox;
  logger: Logger;
  clock?: Clock;
  everyMs?: number;
}): ReachJobs {
  const deps = {
    store: new ReachRepository(o.client, o.tables),
    cipher: o.contactCipher,
    phoneKey: phoneKeyKey(o.qrKey),
    clock: o.clock ?? systemClock,
    sender: o.outbox,
  };
  const sendNow = () => sendDueInvitations(deps);
  const timer = setInterval(() => {
    sendNow().catch((err) => o.logger.warn('sms sender run failed', { error: (err as Error).name }));
  }, o.everyMs ?? 15_000);
  timer.unref();
  return { sendNow, stop: () => clearInterval(timer) };
}
