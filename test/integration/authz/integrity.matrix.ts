import { type AuthzCase, V1 } from './case';

export const integrityCases: AuthzCase[] = [
  {
    route: `GET ${V1}/integrity/report`,
    action: 'integrity:read',
    unscoped: true,
    request: async () => ({ path: `${V1}/integrity/report?from=2026-11-01&to=2026-11-30` }),
  },
];
