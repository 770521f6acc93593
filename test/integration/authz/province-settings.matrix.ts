import { ProvinceSettingsRepository } from '../../../functions/db/province-settings-repository';
import type { Place } from '../../fixtures/authz-world';
import { type AuthzCase, V1 } from './case';

/** The province a place lies in (its county code's first two digits). */
const provinceOf = (p: Place) => `${p.countyId.slice(0, 2)}0000`;

export const provinceSettingsCases: AuthzCase[] = [
  {
    route: `GET ${V1}/provinces/:id/settings`,
    action: 'org:read',
    // Everyone in the province reads the mapping its scores are made with; nobody outside it.
    ancestorsVisible: true,
    request: async (p) => ({ path: `${V1}/provinces/${provinceOf(p)}/settings` }),
  },
  {
    route: `GET ${V1}/provinces/:id/settings/versions`,
    action: 'org:read',
    ancestorsVisible: true,
    request: async (p) => ({ path: `${V1}/provinces/${provinceOf(p)}/settings/versions` }),
  },
  {
    route: `PUT ${V1}/provinces/:id/settings`,
    action: 'settings:write',
    // The version in force, read directly, so an allowed writer succeeds whatever ran before.
    request: async (p, s) => {
      const store = new ProvinceSettingsRepository(s.db.client, s.db.tables);
      const current = await store.current(provinceOf(p));
      return {
        path: `${V1}/provinces/${provinceOf(p)}/settings`,
        body: {
          scoreMapping: [0, 30, 60, 80, 100],
          figures: { unitCutoffWorkingDays: 1 },
          expectedVersion: current?.version ?? 0,
        },
      };
    },
  },
];
