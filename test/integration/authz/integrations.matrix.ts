import { IntegrityRepository } from '../../../functions/db/integrity-repository';
import { newSecret, secretHash } from '../../../functions/domain/integrity/ballot-token';
import { type Place, servicePointWithCode } from '../../fixtures/authz-world';
import type { ConsoleStack } from '../../fixtures/console-stack';
import { type AuthzCase, V1 } from './case';

/** An active display in the place, written directly (no audit, no authz); returns its id. */
async function displayIn(p: Place, s: ConsoleStack): Promise<string> {
  const { servicePointId, tokenId } = await servicePointWithCode(s, p);
  const hash = secretHash(newSecret('ds'));
  await new IntegrityRepository(s.db.client, s.db.tables).putDisplay({
    secretHash: hash,
    servicePointId,
    tokenId,
    status: 'active',
    createdAt: new Date().toISOString(),
  });
  return hash;
}

/** An active integration key for the place's unit, written directly; returns its id. */
async function keyIn(p: Place, s: ConsoleStack): Promise<string> {
  const hash = secretHash(newSecret('ik'));
  await new IntegrityRepository(s.db.client, s.db.tables).putIntegrationKey({
    secretHash: hash,
    scopeNodeId: p.unitId,
    label: 'matrix',
    status: 'active',
    createdAt: new Date().toISOString(),
  });
  return hash;
}

export const integrationCases: AuthzCase[] = [
  {
    route: `GET ${V1}/service-points/:id/displays`,
    action: 'qr:read',
    request: async (p) => ({ path: `${V1}/service-points/${p.servicePointId}/displays` }),
  },
  {
    route: `POST ${V1}/service-points/:id/displays`,
    action: 'secrets:write',
    request: async (p, s) => ({
      path: `${V1}/service-points/${(await servicePointWithCode(s, p)).servicePointId}/displays`,
      body: { label: '矩阵测试屏' },
    }),
  },
  {
    route: `POST ${V1}/displays/:id/revoke`,
    action: 'secrets:write',
    request: async (p, s) => ({ path: `${V1}/displays/${await displayIn(p, s)}/revoke` }),
  },
  {
    route: `POST ${V1}/displays/:id/rotate`,
    action: 'secrets:write',
    request: async (p, s) => ({ path: `${V1}/displays/${await displayIn(p, s)}/rotate` }),
  },
  {
    route: `GET ${V1}/units/:id/integration-keys`,
    action: 'qr:read',
    request: async (p) => ({ path: `${V1}/units/${p.unitId}/integration-keys` }),
  },
  {
    route: `POST ${V1}/units/:id/integration-keys`,
    action: 'secrets:write',
    request: async (p) => ({ path: `${V1}/units/${p.unitId}/integration-keys`, body: { label: '叫号机' } }),
  },
  {
    route: `GET ${V1}/service-points/:id/integration-keys`,
    action: 'qr:read',
    request: async (p) => ({ path: `${V1}/service-points/${p.servicePointId}/integration-keys` }),
  },
  {
    route: `POST ${V1}/service-points/:id/integration-keys`,
    action: 'secrets:write',
    request: async (p) => ({
      path: `${V1}/service-points/${p.servicePointId}/integration-keys`,
      body: { label: '自助终端' },
    }),
  },
  {
    route: `POST ${V1}/integration-keys/:id/revoke`,
    action: 'secrets:write',
    request: async (p, s) => ({ path: `${V1}/integration-keys/${await keyIn(p, s)}/revoke` }),
  },
  {
    route: `POST ${V1}/integration-keys/:id/rotate`,
    action: 'secrets:write',
    request: async (p, s) => ({ path: `${V1}/integration-keys/${await keyIn(p, s)}/rotate` }),
  },
];
