import { randomUUID } from 'node:crypto';
import { PushRepository } from '../../../functions/db/push-repository';
import { LocalSmsOutbox } from '../../../functions/db/sms-outbox';
import type { PushItem } from '../../../functions/services/reach/push';
import type { Place } from '../../fixtures/authz-world';
import type { ConsoleStack } from '../../fixtures/console-stack';
import { type AuthzCase, V1 } from './case';

/** The province a place lies in (its county code's first two digits). */
const provinceOf = (p: Place) => `${p.countyId.slice(0, 2)}0000`;

/** A dead letter of the place's province, written directly (no authz); returns its id. */
async function deadLetterIn(p: Place, s: ConsoleStack): Promise<string> {
  const store = new PushRepository(s.db.client, s.db.tables.responses);
  const responseId = randomUUID();
  const at = new Date().toISOString();
  const item = {
    responseId,
    provinceId: provinceOf(p),
    record: { idempotencyKey: responseId } as unknown as PushItem['record'],
    state: 'pending',
    attempts: 0,
    nextAt: at,
    createdAt: at,
  } satisfies PushItem;
  await store.enqueue(item);
  await store.failed(item, 8, 'matrix', { deadAt: at });
  return responseId;
}

export const reachCases: AuthzCase[] = [
  {
    route: `GET ${V1}/provinces/:id/reach-settings`,
    action: 'org:read',
    // Everyone in the province reads how its invitations and push are set; nobody outside it.
    ancestorsVisible: true,
    request: async (p) => ({ path: `${V1}/provinces/${provinceOf(p)}/reach-settings` }),
  },
  {
    route: `PUT ${V1}/provinces/:id/reach-settings`,
    action: 'settings:write',
    request: async (p) => ({
      path: `${V1}/provinces/${provinceOf(p)}/reach-settings`,
      body: { sms: { delayMinutes: 30, quietFrom: '21:00', quietTo: '08:00' }, push: {} },
    }),
  },
  {
    route: `GET ${V1}/provinces/:id/push/dead-letters`,
    action: 'settings:write',
    request: async (p) => ({ path: `${V1}/provinces/${provinceOf(p)}/push/dead-letters` }),
  },
  {
    route: `POST ${V1}/push/dead-letters/:id/replay`,
    action: 'settings:write',
    request: async (p, s) => ({ path: `${V1}/push/dead-letters/${await deadLetterIn(p, s)}/replay` }),
  },
  {
    route: `GET ${V1}/sms/outbox`,
    action: 'settings:write',
    // The local outbox is the deployment's, not a subtree's.
    unscoped: true,
    request: async () => ({ path: `${V1}/sms/outbox` }),
  },
  {
    route: `POST ${V1}/sms/outbox/:id/reply-td`,
    action: 'settings:write',
    unscoped: true,
    request: async (_p, s) => {
      const id = `m${randomUUID().slice(0, 8)}`;
      await new LocalSmsOutbox(s.db.client, s.db.tables.responses).send({
        to: '13800000000',
        text: '矩阵测试',
        id,
        phoneKey: `pk-${id}`,
      });
      return { path: `${V1}/sms/outbox/${id}/reply-td` };
    },
  },
];
