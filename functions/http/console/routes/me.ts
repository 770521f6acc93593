/** Who am I: the principal and the scope node, for the console's header and menus. */
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { ROLE_LABELS, roleAllows } from '../../../domain/access';
import type { OrgNode } from '../../../domain/org';
import type { ConsoleEnv } from '../auth';

const ACTIONS = [
  'org:read',
  'org:write',
  'questionnaire:read',
  'questionnaire:write',
  'qr:read',
  'qr:write',
  'response:read',
  'dashboard:read',
  'export:read',
  'audit:read',
  'case:read',
  'case:write',
  'appeal:decide',
  'campaign:manage',
  'campaign:read',
  'campaign:upload',
  'integrity:read',
  'quarantine:review',
  'settings:write',
  'figures:live',
] as const;

export const meRoutes = (getNodes: (ids: readonly string[]) => Promise<Map<string, OrgNode>>) =>
  new Hono<ConsoleEnv>().get(
    '/',
    describeRoute({ summary: '当前用户 Current user', tags: ['me'], security: [{ bearer: [] }] }),
    async (c) => {
      const p = c.get('principal');
      const scope = (await getNodes([p.scopeId])).get(p.scopeId);
      return c.json({
        ...p,
        roleLabel: ROLE_LABELS[p.role],
        scope: scope ? { id: scope.id, kind: scope.kind, name: scope.name, path: scope.path } : null,
        can: ACTIONS.filter((a) => roleAllows(p.role, a)),
      });
    },
  );
