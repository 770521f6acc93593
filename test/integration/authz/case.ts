/** One row of the authorization matrix: a console route and how to call it on a place. */
import { type Action, type Role, roleAllows } from '../../../functions/domain/access';
import type { DemoUser } from '../../../local/seed/demo-users';
import type { Place } from '../../fixtures/authz-world';
import type { ConsoleStack } from '../../fixtures/console-stack';

export interface AuthzCase {
  /** Method and path exactly as registered, e.g. `POST /api/console/v1/org/nodes/:id/move`. */
  route: string;
  /**
   * The permission that gates the route; `signed-in` routes only need a valid token; a list means
   * any one of them opens it (e.g. the agency template: readers of the campaign, or its agency).
   */
  action: Action | readonly Action[] | 'signed-in';
  /** The route acts on no object of the tree (e.g. a list filtered to the caller's scope by itself). */
  unscoped?: boolean;
  /** Nodes above the caller's scope are readable too (e.g. one's own county's published scores). */
  ancestorsVisible?: boolean;
  /** Builds (creating objects if needed) a request on an object in `place`. */
  request(place: Place, stack: ConsoleStack, user: DemoUser): Promise<{ path: string; body?: unknown }>;
}

export const V1 = '/api/console/v1';

/** Whether `role` may use the route at all, before any scope check. */
export const roleMayUse = (role: Role, action: AuthzCase['action']): boolean =>
  action === 'signed-in' ||
  (typeof action === 'string' ? roleAllows(role, action) : action.some((a) => roleAllows(role, a)));
