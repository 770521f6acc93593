import { freshServicePoint, pathOfUnit } from '../../fixtures/authz-world';
import { uniqueName } from '../../fixtures/console-stack';
import { type AuthzCase, V1 } from './case';

export const orgCases: AuthzCase[] = [
  { route: `GET ${V1}/me`, action: 'signed-in', unscoped: true, request: async () => ({ path: `${V1}/me` }) },
  {
    route: `GET ${V1}/org/nodes/:id`,
    action: 'org:read',
    request: async (p) => ({ path: `${V1}/org/nodes/${p.unitId}` }),
  },
  {
    route: `POST ${V1}/org/nodes`,
    action: 'org:write',
    request: async (p) => ({
      path: `${V1}/org/nodes`,
      body: { parentId: p.unitId, name: uniqueName('新窗口') },
    }),
  },
  {
    route: `PATCH ${V1}/org/nodes/:id`,
    action: 'org:write',
    request: async (p, s) => ({
      path: `${V1}/org/nodes/${await freshServicePoint(s, pathOfUnit(p))}`,
      body: { name: uniqueName('改名窗口') },
    }),
  },
  {
    route: `POST ${V1}/org/nodes/:id/move`,
    action: 'org:write',
    request: async (p, s) => ({
      path: `${V1}/org/nodes/${await freshServicePoint(s, pathOfUnit(p))}/move`,
      body: { parentId: p.siblingUnitId },
    }),
  },
  {
    route: `POST ${V1}/org/nodes/:id/deactivate`,
    action: 'org:write',
    request: async (p, s) => ({
      path: `${V1}/org/nodes/${await freshServicePoint(s, pathOfUnit(p))}/deactivate`,
    }),
  },
  {
    route: `GET ${V1}/audit`,
    action: 'audit:read',
    unscoped: true,
    request: async () => ({ path: `${V1}/audit?from=2026-11-01&to=2026-11-30` }),
  },
];
