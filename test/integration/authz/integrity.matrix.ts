import { quarantinedBallot } from '../../fixtures/quarantined-ballot';
import { type AuthzCase, V1 } from './case';

// The matrix's console wires the stuffing simulation as the local stack does (matrix.test.ts), so
// that its route answers by role instead of 404 (integrity-simulation.test.ts covers a console without it).

export const integrityCases: AuthzCase[] = [
  {
    route: `GET ${V1}/integrity/report`,
    action: 'integrity:read',
    unscoped: true,
    request: async () => ({ path: `${V1}/integrity/report?from=2026-11-01&to=2026-11-30` }),
  },
  {
    route: `GET ${V1}/integrity/quarantine`,
    action: 'integrity:read',
    unscoped: true,
    request: async () => ({ path: `${V1}/integrity/quarantine?from=2026-11-01&to=2026-11-30` }),
  },
  ...(['release', 'reject'] as const).map(
    (verb): AuthzCase => ({
      route: `POST ${V1}/integrity/quarantine/:id/${verb}`,
      action: 'quarantine:review',
      request: async (place, stack) => ({
        path: `${V1}/integrity/quarantine/${(await quarantinedBallot(stack, place)).responseId}/${verb}`,
        body: { note: '复核' },
      }),
    }),
  ),
  {
    route: `POST ${V1}/integrity/simulations`,
    // Province admin only. There is no action of its own: `campaign:manage` is held by exactly
    // that role, so the matrix expects what the route does (403 for every other role, the auditor
    // included, although it may read the report).
    action: 'campaign:manage',
    unscoped: true,
    // The shortest pattern (12 ballots) and no genuine set: the authorization is the point here, not the run.
    request: async () => ({ path: `${V1}/integrity/simulations`, body: { patterns: ['reuse'], genuine: 0 } }),
  },
];
