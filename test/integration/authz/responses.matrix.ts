import { randomUUID } from 'node:crypto';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { toItem } from '../../../functions/db/item';
import { responseKeys } from '../../../functions/db/keys/responses';
import type { Place } from '../../fixtures/authz-world';
import type { ConsoleStack } from '../../fixtures/console-stack';
import { type AuthzCase, V1 } from './case';

/** One stored response in each place (written directly: the out-of-scope place has no QR code). */
const responses = new Map<string, Promise<string>>();
function responseIn(p: Place, s: ConsoleStack): Promise<string> {
  const key = `${s.db.tables.responses}:${p.servicePointId}`;
  let id = responses.get(key);
  if (!id) {
    id = (async () => {
      const responseId = randomUUID();
      const submittedAt = new Date().toISOString();
      await s.db.client.send(
        new PutItemCommand({
          TableName: s.db.tables.responses,
          Item: toItem({
            ...responseKeys.response(responseId),
            ...responseKeys.responseOfUnit(p.unitId, submittedAt, responseId),
            entity: 'Response',
            responseId,
            servicePointId: p.servicePointId,
            unitId: p.unitId,
            questionnaireId: 'window-service',
            version: 1,
            answers: { q_overall: 4 },
            locale: 'zh-CN',
            startedAt: submittedAt,
            submittedAt,
            day: submittedAt.slice(0, 10),
            receipt: 'TEST-TEST-TEST',
            lowestLevel: 4,
            hasComment: false,
          }),
        }),
      );
      return responseId;
    })();
    responses.set(key, id);
  }
  return id;
}

const period = 'from=2026-11-01&to=2026-11-30';

export const responsesCases: AuthzCase[] = [
  {
    route: `GET ${V1}/responses`,
    action: 'response:read',
    request: async (p) => ({ path: `${V1}/responses?nodeId=${p.unitId}&${period}` }),
  },
  {
    route: `GET ${V1}/responses/:id`,
    action: 'response:read',
    request: async (p, s) => ({ path: `${V1}/responses/${await responseIn(p, s)}` }),
  },
];
