/** Organisation units: read, create, rename, move and deactivate within scope. */
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { NodeIdParamSchema } from '../../../schemas/console/common';
import { CreateNodeBodySchema, MoveNodeBodySchema, RenameNodeBodySchema } from '../../../schemas/console/org';
import type { ConsoleContext, OrgStore } from '../../../services/console-ports';
import { createNode, deactivateNode, moveNode, renameNode } from '../../../services/org/change-tree';
import { getNodeWithChildren } from '../../../services/org/org-tree';
import { jsonBody, pathParams } from '../../validate';
import type { ConsoleEnv } from '../auth';

export interface OrgRoutesDeps {
  org: OrgStore;
  ctx: ConsoleContext;
}

const doc = (summary: string) => describeRoute({ summary, tags: ['org'], security: [{ bearer: [] }] });

export const orgRoutes = ({ org, ctx }: OrgRoutesDeps) =>
  new Hono<ConsoleEnv>()
    .get('/nodes/:id', doc('节点及其下级 Node and children'), pathParams(NodeIdParamSchema), async (c) =>
      c.json(await getNodeWithChildren(org, c.get('principal'), c.req.valid('param').id)),
    )
    .post('/nodes', doc('新建下级节点 Create a node'), jsonBody(CreateNodeBodySchema), async (c) =>
      c.json(await createNode(org, ctx, c.get('principal'), c.req.valid('json')), 201),
    )
    .patch(
      '/nodes/:id',
      doc('重命名 Rename'),
      pathParams(NodeIdParamSchema),
      jsonBody(RenameNodeBodySchema),
      async (c) =>
        c.json(
          await renameNode(org, ctx, c.get('principal'), c.req.valid('param').id, c.req.valid('json').name),
        ),
    )
    .post(
      '/nodes/:id/move',
      doc('调整上级 Move under another parent'),
      pathParams(NodeIdParamSchema),
      jsonBody(MoveNodeBodySchema),
      async (c) =>
        c.json(
          await moveNode(org, ctx, c.get('principal'), c.req.valid('param').id, c.req.valid('json').parentId),
        ),
    )
    .post('/nodes/:id/deactivate', doc('停用 Deactivate'), pathParams(NodeIdParamSchema), async (c) =>
      c.json(await deactivateNode(org, ctx, c.get('principal'), c.req.valid('param').id)),
    );
