/** Reading the tree for the console: one node, its children, and lookups by id. */
import { authorize, type Principal } from '../../domain/access';
import type { OrgNode } from '../../domain/org';
import type { OrgStore } from '../console-ports';

/** Loads a node the principal may act on, or throws 404 (absent and out of scope look the same). */
export async function loadNodeInScope(
  store: Pick<OrgStore, 'getNodes'>,
  p: Principal,
  action: Parameters<typeof authorize>[1],
  id: string,
): Promise<OrgNode> {
  const node = (await store.getNodes([id])).get(id);
  authorize(p, action, node);
  return node!;
}

/**
 * 1. Loads the node, checking scope.
 * 2. Lists its children, active ones first.
 */
export async function getNodeWithChildren(store: OrgStore, p: Principal, id: string) {
  const node = await loadNodeInScope(store, p, 'org:read', id);
  const children = await store.children(id);
  children.sort((a, b) => Number(b.active) - Number(a.active) || a.id.localeCompare(b.id));
  return { node, children };
}
