/**
 * Ports of the console use cases that issue, list and revoke window-display secrets and integration
 * keys. The public side reads the same items through `BallotIssuerStore` (ports.ts).
 */
import type { AuditEntry } from '../../domain/audit';
import type { OrgNode } from '../../domain/org';
import type { QrTokenRecord } from '../ports';
import type { DisplayRecord, IntegrationKeyRecord } from './ports';

/** A display as the console manages it: the public record plus its label, creator and withdrawal. */
export interface ManagedDisplayRecord extends DisplayRecord {
  unitId: string;
  label: string;
  /** User id of the staff member who created it. */
  createdBy: string;
  revokedAt?: string;
}

/** An integration key as the console manages it. */
export interface ManagedIntegrationKeyRecord extends IntegrationKeyRecord {
  scopeKind: 'unit' | 'servicePoint';
  createdBy: string;
  revokedAt?: string;
}

/** Storage of display secrets and integration keys; every write carries its audit entry (one transaction). */
export interface IntegrationSecretStore {
  getNodes(ids: readonly string[]): Promise<Map<string, OrgNode>>;
  tokensOf(servicePointId: string): Promise<QrTokenRecord[]>;
  getDisplay(secretHash: string): Promise<DisplayRecord | undefined>;
  getIntegrationKey(secretHash: string): Promise<IntegrationKeyRecord | undefined>;
  /** Stores a display while its service point and its QR token are still active (else 409). */
  createDisplay(r: ManagedDisplayRecord, audit: AuditEntry): Promise<void>;
  /** Displays of a service point, oldest first. */
  listDisplays(servicePointId: string): Promise<ManagedDisplayRecord[]>;
  /** Withdraws an active display (409 if it no longer is). */
  revokeDisplay(secretHash: string, revokedAt: string, audit: AuditEntry): Promise<void>;
  /** Stores a key while its scope node is still active (else 409). */
  createIntegrationKey(r: ManagedIntegrationKeyRecord, audit: AuditEntry): Promise<void>;
  /** Keys scoped to exactly this node, oldest first. */
  listIntegrationKeys(scopeNodeId: string): Promise<ManagedIntegrationKeyRecord[]>;
  /** Withdraws an active key (409 if it no longer is). */
  revokeIntegrationKey(secretHash: string, revokedAt: string, audit: AuditEntry): Promise<void>;
  /**
   * Stores a successor display and retires the old one at `retiresAt`, with the audit entry, while
   * the old one is active and not rotated before, and its service point and token are active (else 409).
   */
  rotateDisplay(
    oldHash: string,
    r: ManagedDisplayRecord,
    retiresAt: string,
    audit: AuditEntry,
  ): Promise<void>;
  /** Stores a successor key and retires the old one at `retiresAt`, likewise (else 409). */
  rotateIntegrationKey(
    oldHash: string,
    r: ManagedIntegrationKeyRecord,
    retiresAt: string,
    audit: AuditEntry,
  ): Promise<void>;
}

/** Where the citizen form and the window-display page live, for the URLs the console returns. */
export interface IntegrationSecretSettings {
  /** Read at request time: the local server only learns its own URL once it listens. */
  publicBaseUrl(): string;
  /** Path of the form under the base URL (default `/f/`); `…/index.html` where the CDN cannot rewrite. */
  formPath?: string;
}
