/** The audit trail, read-only: there is no route that edits or deletes it. */
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { AuditQuerySchema } from '../../../schemas/console/audit';
import { type AuditReader, listAudit } from '../../../services/audit/list-audit';
import { queryParams } from '../../validate';
import type { ConsoleEnv } from '../auth';

export const auditRoutes = (audit: AuditReader) =>
  new Hono<ConsoleEnv>().get(
    '/',
    describeRoute({ summary: '审计记录 Audit trail', tags: ['audit'], security: [{ bearer: [] }] }),
    queryParams(AuditQuerySchema),
    async (c) => {
      return c.json(await listAudit(audit, c.get('principal'), c.req.valid('query')));
    },
  );
