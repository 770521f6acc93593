/**
 * A published ranking: immutable, versioned, and self-contained: the method version, the
 * parameters, the input aggregates and the results, sealed by a SHA-256 content hash over a
 * canonical JSON form, so that anyone holding it can check it and recompute every figure.
 */
import { createHash } from 'node:crypto';
import type { CampaignSettings } from '../campaign';
import type { IndicatorSums } from './aggregate';
import type { CountyResult, QrScore } from './results';

export interface SnapshotCounty {
  id: string;
  name: string;
  cityId?: string;
}

export interface SnapshotAggregate extends IndicatorSums {
  countyId: string;
  indicator: string;
}

export interface SnapshotBody {
  campaignId: string;
  campaignName: string;
  version: number;
  methodVersion: string;
  publishedAt: string;
  publishedBy: string;
  /** Why this version exists (a correction names what it corrects). */
  note?: string;
  parameters: Pick<
    CampaignSettings,
    | 'indicators'
    | 'questions'
    | 'levelScores'
    | 'satisfiedFrom'
    | 'minSample'
    | 'decimals'
    | 'divergenceThreshold'
    | 'periodFrom'
    | 'periodTo'
    | 'agencyId'
    | 'agencyName'
    | 'rankingEstimate'
    | 'weightCap'
  > & { bootstrapDraws: number; seeds: Record<string, number>; z: number };
  counties: SnapshotCounty[];
  aggregates: SnapshotAggregate[];
  qr: (QrScore & { countyId: string })[];
  results: CountyResult[];
}

export interface Snapshot extends SnapshotBody {
  /** `sha256:` + hex digest of canonicalJson(body). */
  contentHash: string;
}

/** JSON with object keys sorted at every level and non-finite numbers as null: one text per value. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const contentHash = (body: SnapshotBody): string =>
  `sha256:${createHash('sha256').update(canonicalJson(body)).digest('hex')}`;

/** Seals a body with its hash. */
export const sealSnapshot = (body: SnapshotBody): Snapshot => ({ ...body, contentHash: contentHash(body) });

/** True when the snapshot's hash matches its content (nothing edited since publication). */
export function verifySnapshot(s: Snapshot): boolean {
  const { contentHash: stated, ...body } = s;
  return contentHash(body) === stated;
}
