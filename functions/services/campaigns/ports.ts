/** Ports of the campaign use cases. ScoringRepository, OrgRepository and ResponseRepository implement them. */

import type { AggregateDelta } from '../../domain/aggregate';
import type { AuditEntry } from '../../domain/audit';
import type { Campaign, Upload } from '../../domain/campaign';
import type { OrgNode } from '../../domain/org';
import type { IndicatorSums } from '../../domain/scoring/aggregate';
import type { Snapshot } from '../../domain/scoring/snapshot';
import type { ImportStore } from './import/run-import';
import type { UploadLimits, UploadPresigner } from './presign-upload';

export interface CampaignStore extends ImportStore {
  createCampaign(c: Campaign, audit: AuditEntry): Promise<void>;
  getCampaign(id: string): Promise<Campaign | undefined>;
  listCampaigns(provinceId: string): Promise<Campaign[]>;
  getUpload(campaignId: string, uploadId: string): Promise<Upload | undefined>;
  listUploads(campaignId: string): Promise<Upload[]>;
  getErrorReport(campaignId: string, uploadId: string): Promise<string | undefined>;
  withdrawUpload(c: Campaign, uploadId: string, at: string, audit: AuditEntry): Promise<number>;
  readAggregates(campaignId: string): Promise<Map<string, Map<string, IndicatorSums>>>;
  publish(c: Campaign, s: Snapshot, audit: AuditEntry): Promise<void>;
  reopen(campaignId: string, audit: AuditEntry): Promise<void>;
  getSnapshot(campaignId: string, version: number): Promise<Snapshot | undefined>;
  listSnapshots(
    campaignId: string,
  ): Promise<{ version: number; contentHash: string; publishedAt: string; note?: string }[]>;
}

/** The organisation tree, as far as campaigns need it. */
export interface CampaignOrgReader {
  getNodes(ids: readonly string[]): Promise<Map<string, OrgNode>>;
  children(parentId: string): Promise<OrgNode[]>;
}

/** QR self-rating aggregates (Responses table) of a unit between two days. */
export interface QrAggregateReader {
  dailyAggregates(
    nodeId: string,
    fromDay: string,
    toDay: string,
  ): Promise<(AggregateDelta & { nodeId: string })[]>;
}

export interface CampaignDeps {
  store: CampaignStore;
  org: CampaignOrgReader;
  qr: QrAggregateReader;
  /** Presigned S3 uploads; absent where there is no upload bucket (locally), leaving the direct path. */
  presigner?: UploadPresigner;
  /** Size limits of the upload paths; defaults in presign-upload.ts. */
  uploadLimits?: UploadLimits;
}
