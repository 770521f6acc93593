/**
 * Follow-up cases, appeals and visits in the authorization matrix. Each row builds a fresh case
 * in the state its route needs, directly in the table (no authorization involved).
 */
import { randomUUID } from 'node:crypto';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CaseRepository } from '../../../functions/db/case-repository';
import { toItem } from '../../../functions/db/item';
import { responseKeys } from '../../../functions/db/keys/responses';
import type { FollowUpCase } from '../../../functions/domain/cases/model';
import { defaultContactCipher } from '../../../functions/handlers/contact-cipher';
import { caseContactContext } from '../../../functions/services/contact/cipher-port';
import type { DemoUser } from '../../../local/seed/demo-users';
import { type Place, pathOfUnit } from '../../fixtures/authz-world';
import type { ConsoleStack } from '../../fixtures/console-stack';
import { type AuthzCase, V1 } from './case';

/** Writes a case of `place`'s unit with the given overrides; returns its id. */
async function seedCase(
  stack: ConsoleStack,
  place: Place,
  over: Partial<FollowUpCase> = {},
  opts: { phone?: string; appeal?: boolean } = {},
): Promise<string> {
  const repo = new CaseRepository(stack.db.client, stack.db.tables);
  const id = `r-${randomUUID()}`;
  const now = new Date().toISOString();
  const unitPath = pathOfUnit(place);
  const c: FollowUpCase = {
    id,
    source: 'response',
    responseId: id.slice(2),
    unitId: place.unitId,
    unitPath,
    handlerOrgId: place.unitId,
    handlerOrgPath: unitPath,
    status: 'new',
    version: 1,
    summary: '测试工单',
    reasons: ['level:q_overall:1'],
    openedAt: now,
    openedBy: 'system',
    ackDueAt: now,
    resolveDueAt: now,
    reopenCount: 0,
    escalations: [],
    hasContact: opts.phone !== undefined,
    ...over,
  };
  const cipher = defaultContactCipher(stack.qrKey)!;
  await repo.open({
    case: c,
    events: [],
    contact: opts.phone
      ? {
          cipher: await cipher.encrypt(opts.phone, caseContactContext(id)),
          masked: '138****5678',
          consentVersion: 'c1',
        }
      : undefined,
  });
  // The counted ballot the case was opened from (an appeal needs one).
  await stack.db.client.send(
    new PutItemCommand({
      TableName: stack.db.tables.responses,
      Item: toItem({
        ...responseKeys.response(c.responseId!),
        entity: 'Response',
        responseId: c.responseId,
        unitId: c.unitId,
        answers: {},
      }),
    }),
  );
  if (opts.appeal) {
    await repo.save({ ...c, version: 2, appeal: { status: 'pending', filedAt: now } }, c, [], {
      appeal: {
        caseId: id,
        unitId: c.unitId,
        unitPath,
        reason: '恶意差评',
        evidence: [{ name: '截图' }],
        status: 'pending',
        filedAt: now,
        filedBy: 'unit-staff',
      },
    });
  }
  return id;
}

async function seedVisit(stack: ConsoleStack, place: Place): Promise<string> {
  const repo = new CaseRepository(stack.db.client, stack.db.tables);
  const id = `v-${randomUUID()}`;
  const at = new Date().toISOString();
  await repo.putVisit(
    {
      id,
      unitId: place.unitId,
      unitPath: pathOfUnit(place),
      date: '2026-11-20',
      partyType: 'shop',
      partyName: '测试商店',
      staff: ['测试'],
      createdAt: at,
      createdBy: 'test',
    },
    {
      id: randomUUID(),
      at,
      actor: { userId: 'test', name: 'test', role: 'unit_staff' },
      action: 'visit.record',
      targetType: 'visit',
      targetId: id,
      targetPath: pathOfUnit(place),
    },
  );
  return id;
}

export const caseCases: AuthzCase[] = [
  {
    route: `GET ${V1}/cases/metrics`,
    action: 'case:read',
    request: async (p) => ({ path: `${V1}/cases/metrics?nodeId=${p.unitId}` }),
  },
  {
    route: `GET ${V1}/cases`,
    action: 'case:read',
    request: async (p) => ({ path: `${V1}/cases?nodeId=${p.unitId}&overdue=false` }),
  },
  {
    route: `POST ${V1}/cases`,
    action: 'case:write',
    request: async (p) => ({
      path: `${V1}/cases`,
      body: { unitId: p.unitId, source: 'call', problem: '来电反映问题' },
    }),
  },
  {
    route: `GET ${V1}/cases/:id`,
    action: 'case:read',
    request: async (p, s) => ({ path: `${V1}/cases/${await seedCase(s, p)}` }),
  },
  {
    route: `POST ${V1}/cases/:id/actions`,
    action: 'case:write',
    request: async (p, s) => ({
      path: `${V1}/cases/${await seedCase(s, p)}/actions`,
      body: { type: 'accept', expectedVersion: 1 },
    }),
  },
  {
    // Open only to the handler: the row's user is made the handler, so role and scope decide.
    route: `POST ${V1}/cases/:id/contact/reveal`,
    action: 'case:write',
    request: async (p, s, u: DemoUser) => ({
      path: `${V1}/cases/${await seedCase(
        s,
        p,
        {
          status: 'accepted',
          acknowledgedAt: new Date().toISOString(),
          handlerUserId: u.id,
          handlerName: u.name,
        },
        { phone: '13812345678' },
      )}/contact/reveal`,
    }),
  },
  {
    route: `POST ${V1}/cases/:id/appeal`,
    action: 'case:write',
    request: async (p, s) => ({
      path: `${V1}/cases/${await seedCase(s, p)}/appeal`,
      body: { reason: '恶意差评', evidence: [{ name: '监控截图' }], expectedVersion: 1 },
    }),
  },
  {
    route: `GET ${V1}/appeals`,
    action: 'case:read',
    request: async (p) => ({ path: `${V1}/appeals?nodeId=${p.unitId}` }),
  },
  {
    route: `POST ${V1}/appeals/:id/decision`,
    action: 'appeal:decide',
    request: async (p, s) => ({
      path: `${V1}/appeals/${await seedCase(s, p, {}, { appeal: true })}/decision`,
      body: { upheld: false, note: '证据不足' },
    }),
  },
  {
    route: `GET ${V1}/visits`,
    action: 'case:read',
    request: async (p) => ({ path: `${V1}/visits?unitId=${p.unitId}&from=2026-11-01&to=2026-11-30` }),
  },
  {
    route: `POST ${V1}/visits`,
    action: 'case:write',
    request: async (p) => ({
      path: `${V1}/visits`,
      body: {
        unitId: p.unitId,
        date: '2026-11-20',
        partyType: 'company',
        partyName: '某公司',
        staff: ['刘洋'],
      },
    }),
  },
  {
    route: `GET ${V1}/visits/:id`,
    action: 'case:read',
    request: async (p, s) => ({ path: `${V1}/visits/${await seedVisit(s, p)}` }),
  },
];
