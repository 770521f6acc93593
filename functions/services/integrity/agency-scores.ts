/**
 * The agency (third-party) score of a county for the integrity report: the composite of
 * the newest published snapshot of a campaign of its province whose interview period overlaps the
 * report's period. QR self-ratings are compared with it, never pooled.
 */

import type { Campaign } from '../../domain/campaign';
import type { AgencySide } from '../../domain/scoring/divergence';
import type { Snapshot } from '../../domain/scoring/snapshot';
import { BoundedCache } from '../bounded-cache';

export interface AgencyScoreSource {
  listCampaigns(provinceId: string): Promise<Campaign[]>;
  getSnapshot(campaignId: string, version: number): Promise<Snapshot | undefined>;
}

/** A county's agency figure and what the divergence rule needs to compare QR ratings with it. */
export interface AgencyScore {
  /** The published composite. */
  published: number;
  side: AgencySide;
  /** The campaign's level scores: QR answers are re-scored with them. */
  levelScores: readonly number[];
  /** The campaign's divergence threshold. */
  threshold: number;
  campaignId: string;
  version: number;
}

export type AgencyScoreReader = (
  countyId: string,
  provinceId: string,
  fromDay: string,
  toDay: string,
) => Promise<AgencyScore | undefined>;

/**
 * 1. Lists the province's campaigns with a publication whose period overlaps [from, to].
 * 2. Takes the one whose period ends last, and its latest snapshot (snapshots are immutable:
 *    cached by version; the campaign list for a minute).
 * 3. Returns the county's published composite, with its standard error and the campaign's
 *    scale and threshold, if the county was ranked in it.
 */
export function agencyScoreReader(source: AgencyScoreSource, ttlMs = 60_000): AgencyScoreReader {
  const campaigns = new BoundedCache<string, Campaign[]>({ max: 64, ttlMs });
  const snapshots = new BoundedCache<string, Snapshot>({ max: 16 });
  return async (countyId, provinceId, fromDay, toDay) => {
    let list = campaigns.get(provinceId);
    if (!list) {
      list = await source.listCampaigns(provinceId);
      campaigns.set(provinceId, list);
    }
    const covering = list
      .filter((c) => c.latestVersion > 0 && c.periodFrom <= toDay && c.periodTo >= fromDay)
      .sort((a, b) => (a.periodTo < b.periodTo ? 1 : a.periodTo > b.periodTo ? -1 : 0))[0];
    if (!covering) return undefined;
    const key = `${covering.id}@${covering.latestVersion}`;
    let snapshot = snapshots.get(key);
    if (!snapshot) {
      snapshot = await source.getSnapshot(covering.id, covering.latestVersion);
      if (!snapshot) return undefined;
      snapshots.set(key, snapshot);
    }
    const composite = snapshot.results.find((r) => r.countyId === countyId)?.composite;
    if (composite?.status !== 'ranked') return undefined;
    return {
      published: composite.published,
      side: { status: composite.status, score: composite.score, se: composite.se, df: composite.df },
      levelScores: snapshot.parameters.levelScores,
      threshold: snapshot.parameters.divergenceThreshold,
      campaignId: covering.id,
      version: covering.latestVersion,
    };
  };
}
