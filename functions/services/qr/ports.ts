/** What the QR use cases need: the tree, token records, questionnaire heads, the key and the base URL. */
import type { AuditEntry } from '../../domain/audit';
import type { OrgNode } from '../../domain/org';
import type { QrTokenRecord } from '../ports';

export interface QrStore {
  getNodes(ids: readonly string[]): Promise<Map<string, OrgNode>>;
  children(parentId: string): Promise<OrgNode[]>;
  getQrToken(tokenId: string): Promise<QrTokenRecord | undefined>;
  tokensOf(servicePointId: string): Promise<QrTokenRecord[]>;
  issue(token: QrTokenRecord, audit: AuditEntry): Promise<void>;
  revoke(tokenId: string, revokedAt: string, audit: AuditEntry): Promise<void>;
  rotate(oldTokenId: string, next: QrTokenRecord, audit: AuditEntry): Promise<void>;
  getQuestionnaireHead(
    questionnaireId: string,
  ): Promise<{ ownerId: string; latestPublished?: number; archived?: boolean } | undefined>;
}

export interface QrSettings {
  /** The HMAC key that signs tokens. */
  qrKey: Buffer;
  /** Read at request time: the local server only learns its own URL once it listens. */
  publicBaseUrl(): string;
  /** Path of the form under the base URL (default `/f/`). */
  formPath?: string;
}
