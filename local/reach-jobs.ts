/**
 * The reach jobs of the local stack: the SMS sender, run on a timer against the local outbox, and
 * the provincial push, run every 3 s against a local receiver standing in for the province's
 * 好差评 platform (the demo province's endpoint points at it).
 */

import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PushRepository } from '../functions/db/push-repository';
import { ReachRepository } from '../functions/db/reach-repository';
import { pushSigningKey } from '../functions/domain/reach/push-record';
import { defaultReachSettings } from '../functions/domain/reach/settings';
import { httpPushTransport } from '../functions/handlers/push-transport';
import { drainDuePushes } from '../functions/services/reach/push';
import { startPushReceiver } from './push-receiver';

/** The demo province (Hebei) whose push goes to the local receiver. */
const DEMO_PROVINCE = '130000';

import type { LocalSmsOutbox } from '../functions/db/sms-outbox';
import type { TableNames } from '../functions/db/table-names';
import { phoneKeyKey } from '../functions/domain/reach/sms';
import type { ContactCipher } from '../functions/services/contact/cipher-port';
import { type Clock, systemClock } from '../functions/services/ports';
import { sendDueInvitations } from '../functions/services/reach/invitations';

export interface ReachJobs {
  /** Runs the sender once now (tests and the walk-through script). */
  sendNow(): Promise<{ sent: number; skipped: number; postponed: number }>;
  /** Runs the provincial push once now. */
  pushNow(): Promise<{ delivered: number; failed: number; dead: number }>;
  /** The local provincial receiver's URL (each record it keeps is printed unless quiet). */
  receiverUrl: string;
  stop(): Promise<void>;
}

/** Points the demo province's push at the local receiver unless it names a real endpoint. */
async function useLocalReceiver(repo: ReachRepository, provinceId: string, url: string, now: Date) {
  const s = (await repo.getSettings(provinceId)) ?? defaultReachSettings(provinceId);
  const endpoint = s.push.endpoint;
  if (endpoint && !endpoint.startsWith('http://127.0.0.1')) return;
  const next = { ...s, push: { endpoint: url }, updatedAt: now.toISOString(), updatedBy: 'local-stack' };
  await repo.putSettings(next, {
    id: randomUUID(),
    at: now.toISOString(),
    actor: { userId: 'local-stack', name: '本地演示 Local stack', role: 'system' },
    action: 'reach.settings',
    targetType: 'province',
    targetId: provinceId,
    targetPath: provinceId,
    before: { push: s.push },
    after: { push: next.push },
  });
}

export async function startReachJobs(o: {
  client: DynamoDBClient;
  tables: TableNames;
  qrKey: Buffer;
  contactCipher: ContactCipher;
  outbox: LocalSmsOutbox;
  logger: Logger;
  clock?: Clock;
  everyMs?: number;
  quiet?: boolean;
}): Promise<ReachJobs> {
  const receiver = await startPushReceiver(pushSigningKey(o.qrKey, DEMO_PROVINCE), 0, (r) => {
    if (o.quiet) return;
    if (r.type === 'withdrawal')
      console.log(
        `省平台撤回 Provincial platform withdrew: ${r.withdraws} (${r.reason}) · ${r.servicePointCode} · ${r.withdrawnAt}`,
      );
    else
      console.log(
        `省平台收到 Provincial platform received: ${r.levelLabel} · ${r.matter ?? '—'} · 办件 ${r.transactionNo ?? '—'} · ${r.servicePointCode} · ${r.ratedAt}`,
      );
  });
  const reach = new ReachRepository(o.client, o.tables);
  await useLocalReceiver(reach, DEMO_PROVINCE, receiver.url, (o.clock ?? systemClock).now());
  const push = {
    store: new PushRepository(o.client, o.tables.responses),
    settings: (p: string) => reach.getSettings(p),
    rootKey: o.qrKey,
    clock: o.clock ?? systemClock,
    transport: httpPushTransport(5000),
  };
  // One run at a time, as one scheduled Lambda invocation at a time in AWS: a run that drains a
  // backlog for longer than the timer's period is not joined by a second one.
  let pushing: ReturnType<typeof drainDuePushes> | undefined;
  const pushNow = () => {
    pushing ??= drainDuePushes(push).finally(() => {
      pushing = undefined;
    });
    return pushing;
  };
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
  const pushTimer = setInterval(() => {
    pushNow().catch((err) => o.logger.warn('push run failed', { error: (err as Error).name }));
  }, 3_000);
  pushTimer.unref();
  return {
    sendNow,
    pushNow,
    receiverUrl: receiver.url,
    stop: async () => {
      clearInterval(timer);
      clearInterval(pushTimer);
      await receiver.stop();
    },
  };
}
