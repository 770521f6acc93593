import { type AuthzCase, V1 } from './case';

export const dashboardCases: AuthzCase[] = [
  {
    route: `GET ${V1}/dashboard`,
    action: 'dashboard:read',
    request: async (p) => ({ path: `${V1}/dashboard?nodeId=${p.unitId}&from=2026-11-01&to=2026-11-30` }),
  },
];
