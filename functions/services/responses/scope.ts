/** Which node a console report is about, whether the caller may see it, and which units it covers. */
import { type Action, authorize, OutOfScopeError, type Principal, requireAction } from '../../domain/access';
import type { OrgNode } from '../../domain/org';
import type { TreeReader } from './ports';

export interface ReportScope {
  node: OrgNode;
  /** Units whose response index the report reads (a service point reads its unit's). */
  unitIds: string[];
  /** Set when the node is a service point: its unit's responses are filtered down to it. */
  servicePointId?: string;
  /** Nodes whose daily aggregates add up to the node's: itself for a unit or service point, else its units. */
  aggregateNodeIds: string[];
  /** Every node of the subtree (and a service point's unit), for names in lists and exports. */
  nodes: Map<string, OrgNode>;
}

/**
 * 1. Requires the action (403 before anything is read).
 * 2. Reads the node; a missing node and one outside the caller's subtree both answer 404.
 */
export async function resolveReportNode(
  tree: TreeReader,
  p: Principal,
  action: Action,
  nodeId: string,
): Promise<OrgNode> {
  requireAction(p, action);
  const node = (await tree.getNodes([nodeId])).get(nodeId);
  authorize(p, action, node);
  if (!node) throw new OutOfScopeError();
  return node;
}

/**
 * A service point covers itself (and reads its unit's index); a unit covers itself; a county,
 * city or province covers every unit beneath it, active or not (their history still counts).
 */
export async function expandReportScope(tree: TreeReader, node: OrgNode): Promise<ReportScope> {
  const nodes = new Map<string, OrgNode>([[node.id, node]]);
  if (node.kind === 'servicePoint') {
    const unitId = node.parentId!;
    for (const [id, n] of await tree.getNodes([unitId])) nodes.set(id, n);
    return { node, unitIds: [unitId], servicePointId: node.id, aggregateNodeIds: [node.id], nodes };
  }
  for (const n of await tree.descendants(node.path)) nodes.set(n.id, n);
  if (node.kind === 'unit') return { node, unitIds: [node.id], aggregateNodeIds: [node.id], nodes };
  const unitIds = [...nodes.values()].filter((n) => n.kind === 'unit').map((n) => n.id);
  return { node, unitIds, aggregateNodeIds: unitIds, nodes };
}

/** The node (steps 1–2 of resolveReportNode) and what it covers (expandReportScope). */
export async function resolveReportScope(
  tree: TreeReader,
  p: Principal,
  action: Action,
  nodeId: string,
): Promise<ReportScope> {
  return expandReportScope(tree, await resolveReportNode(tree, p, action, nodeId));
}

/** Runs `fn` over `items` with at most `limit` calls in flight, keeping the input order. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (x: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
