/**
 * A visit's own QR code in the authorization matrix. Each row seeds a visit of today
 * (so its code's window is open) in the place's unit, with a live code where the route needs one,
 * directly in the tables (no authorization involved).
 */
import { randomUUID } from 'node:crypto';
import { CaseRepository } from '../../../functions/db/case-repository';
import { visitQrExpiry } from '../../../functions/domain/cases/visit';
import { newTokenId } from '../../../functions/domain/qr-token';
import { serviceDay } from '../../../functions/domain/service-day';
import { type Place, pathOfUnit } from '../../fixtures/authz-world';
import type { ConsoleStack } from '../../fixtures/console-stack';
import { type AuthzCase, V1 } from './case';

const auditOf = (targetId: string, targetPath: string, action: string) => ({
  id: randomUUID(),
  at: new Date().toISOString(),
  actor: { userId: 'test', name: 'test', role: 'unit_staff' as const },
  action,
  targetType: 'visit',
  targetId,
  targetPath,
});

/** A visit of today in `place`'s unit, with a live code of its service point when `withQr`. */
async function seedVisit(stack: ConsoleStack, place: Place, withQr: boolean): Promise<string> {
  const repo = new CaseRepository(stack.db.client, stack.db.tables);
  const id = `v-${randomUUID()}`;
  const unitPath = pathOfUnit(place);
  const date = serviceDay(new Date());
  await repo.putVisit(
    {
      id,
      unitId: place.unitId,
      unitPath,
      date,
      partyType: 'company',
      partyName: '测试公司',
      staff: ['测试'],
      createdAt: new Date().toISOString(),
      createdBy: 'test',
    },
    auditOf(id, unitPath, 'visit.record'),
  );
  if (withQr) {
    const createdAt = new Date().toISOString();
    const expiresAt = visitQrExpiry(date, 7);
    const tokenId = newTokenId();
    const common = { servicePointId: place.servicePointId, questionnaireId: 'window-service', expiresAt };
    await repo.issueVisitQr(
      { tokenId, unitId: place.unitId, status: 'active', createdAt, visitId: id, ...common },
      { tokenId, issuedAt: createdAt, issuedBy: 'test', ...common },
      undefined,
      auditOf(id, unitPath, 'visit.qr.issue'),
    );
  }
  return id;
}

export const visitQrCases: AuthzCase[] = [
  {
    route: `POST ${V1}/visits/:id/qr`,
    action: 'case:write',
    request: async (p, s) => ({
      path: `${V1}/visits/${await seedVisit(s, p, false)}/qr`,
      body: { questionnaireId: 'window-service', servicePointId: p.servicePointId },
    }),
  },
  {
    route: `POST ${V1}/visits/:id/qr/revoke`,
    action: 'case:write',
    request: async (p, s) => ({ path: `${V1}/visits/${await seedVisit(s, p, true)}/qr/revoke` }),
  },
  {
    route: `GET ${V1}/visits/:id/qr.png`,
    action: 'case:read',
    request: async (p, s) => ({ path: `${V1}/visits/${await seedVisit(s, p, true)}/qr.png` }),
  },
  {
    route: `GET ${V1}/visits/:id/qr.svg`,
    action: 'case:read',
    request: async (p, s) => ({ path: `${V1}/visits/${await seedVisit(s, p, true)}/qr.svg` }),
  },
];
