import { DEMO_QUESTIONNAIRE_ID } from '../../../local/seed/demo-questionnaire';
import { freshServicePoint, type Place, pathOfUnit, servicePointWithCode } from '../../fixtures/authz-world';
import type { ConsoleStack } from '../../fixtures/console-stack';
import { type AuthzCase, V1 } from './case';

/** An active token on a fresh service point of the place, bound to the province-wide demo questionnaire. */
const tokenIn = async (p: Place, s: ConsoleStack) => (await servicePointWithCode(s, p)).tokenId;

export const qrCases: AuthzCase[] = [
  {
    route: `GET ${V1}/service-points/:id/qr-tokens`,
    action: 'qr:read',
    request: async (p) => ({ path: `${V1}/service-points/${p.servicePointId}/qr-tokens` }),
  },
  {
    route: `POST ${V1}/service-points/:id/qr-tokens`,
    action: 'qr:write',
    request: async (p, s) => ({
      path: `${V1}/service-points/${await freshServicePoint(s, pathOfUnit(p))}/qr-tokens`,
      body: { questionnaireId: DEMO_QUESTIONNAIRE_ID },
    }),
  },
  {
    route: `POST ${V1}/qr-tokens/:tokenId/revoke`,
    action: 'qr:write',
    request: async (p, s) => ({ path: `${V1}/qr-tokens/${await tokenIn(p, s)}/revoke` }),
  },
  {
    route: `POST ${V1}/qr-tokens/:tokenId/rotate`,
    action: 'qr:write',
    request: async (p, s) => ({ path: `${V1}/qr-tokens/${await tokenIn(p, s)}/rotate` }),
  },
  {
    route: `GET ${V1}/qr-tokens/:tokenId/qr.png`,
    action: 'qr:read',
    request: async (p, s) => ({ path: `${V1}/qr-tokens/${await tokenIn(p, s)}/qr.png` }),
  },
  {
    route: `GET ${V1}/qr-tokens/:tokenId/poster.svg`,
    action: 'qr:read',
    request: async (p, s) => ({ path: `${V1}/qr-tokens/${await tokenIn(p, s)}/poster.svg` }),
  },
  {
    route: `GET ${V1}/units/:id/qr-sheet.svg`,
    action: 'qr:read',
    request: async (p) => ({ path: `${V1}/units/${p.unitId}/qr-sheet.svg` }),
  },
];
