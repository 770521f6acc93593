/** Ports of the console's use cases, beside the public ones in ports.ts. */
import type { AuditEntry } from '../domain/audit';
import type { OrgNode } from '../domain/org';
import type { Clock, QrTokenRecord } from './ports';

export interface OrgStore {
  getNodes(ids: readonly string[]): Promise<Map<string, OrgNode>>;
  children(parentId: string): Promise<OrgNode[]>;
  /** Every node below the node at `rootPath` (its materialised path), in one paged read. */
  descendants(rootPath: string): Promise<OrgNode[]>;
  tokensOf(servicePointId: string): Promise<QrTokenRecord[]>;
  create(node: OrgNode, audit: AuditEntry): Promise<void>;
  update(nodes: readonly OrgNode[], tokens: readonly QrTokenRecord[], audit: AuditEntry): Promise<void>;
}

/** What every console use case gets besides its own stores. */
export interface ConsoleContext {
  clock: Clock;
  /** New unique ids (audit entries, questionnaires …). */
  newId(): string;
}
