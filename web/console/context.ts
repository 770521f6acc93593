/** What every page gets: the API client, the signed-in user, the node cache and navigation. */
import type { ApiClient } from './api';
import type { Me, NodeWithChildren, OrgNode } from './types';

export interface Ctx {
  api: ApiClient;
  me: Me;
  nodes: NodeCache;
  /** The node the pages last worked on (shared so switching pages keeps the place). */
  nodeId: string;
  /** Navigates to a hash route. */
  go(href: string): void;
  can(action: string): boolean;
}

/** Caches `GET /org/nodes/:id` answers for one session; writes invalidate what they touched. */
export class NodeCache {
  private readonly loaded = new Map<string, Promise<NodeWithChildren>>();
  private readonly known = new Map<string, OrgNode>();

  constructor(private readonly api: ApiClient) {}

  /** The node and its children (cached). */
  load(id: string): Promise<NodeWithChildren> {
    let p = this.loaded.get(id);
    if (!p) {
      p = this.api.get<NodeWithChildren>(`/org/nodes/${encodeURIComponent(id)}`).then((r) => {
        this.known.set(r.node.id, r.node);
        for (const c of r.children) this.known.set(c.id, c);
        return r;
      });
      p.catch(() => this.loaded.delete(id));
      this.loaded.set(id, p);
    }
    return p;
  }

  /** A node seen in any answer so far. */
  peek(id: string): OrgNode | undefined {
    return this.known.get(id);
  }

  /** Forgets `ids` so the next load asks the server again. */
  invalidate(...ids: (string | undefined)[]): void {
    for (const id of ids) if (id) this.loaded.delete(id);
  }
}
