import { type AuthzCase, V1 } from './case';

const period = 'from=2026-11-01&to=2026-11-30';

export const exportsCases: AuthzCase[] = (['csv', 'xlsx'] as const).flatMap((ext): AuthzCase[] => [
  {
    route: `GET ${V1}/exports/responses.${ext}`,
    action: 'export:read',
    request: async (p) => ({ path: `${V1}/exports/responses.${ext}?nodeId=${p.unitId}&${period}` }),
  },
  {
    route: `GET ${V1}/exports/aggregates.${ext}`,
    action: 'export:read',
    request: async (p) => ({
      path: `${V1}/exports/aggregates.${ext}?nodeId=${p.servicePointId}&${period}&granularity=week`,
    }),
  },
]);
