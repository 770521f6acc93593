/** 计算排名 Computes a campaign's full table from its aggregates (never from the interviews). */
import type { Campaign } from '../../domain/campaign';
import { COMPOSITE } from '../../domain/campaign';
import type { OrgNode } from '../../domain/org';
import { Z95 } from '../../domain/scoring/estimates';
import {
  BOOTSTRAP_DRAWS,
  computeResults,
  METHOD_VERSION,
  type QrScore,
  rankingSeed,
} from '../../domain/scoring/results';
import type { SnapshotBody } from '../../domain/scoring/snapshot';
import type { CampaignDeps, CampaignOrgReader, QrAggregateReader } from './ports';
import { countiesOf } from './scope';

/** Runs `fn` over `items` with at most `limit` calls in flight (a burst of 167 reads times out). */
async function mapLimit<T>(items: readonly T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * The QR self-rating of each county over the campaign period: the level counts of the
 * satisfaction answers in the daily aggregates of its units, re-scored with the campaign's level
 * scores (so every questionnaire's answers sit on the campaign's scale). Shown beside, never pooled.
 */
export async function qrScores(
  org: CampaignOrgReader,
  qr: QrAggregateReader,
  counties: readonly OrgNode[],
  from: string,
  to: string,
  levelScores: readonly number[],
): Promise<Map<string, QrScore>> {
  const out = new Map<string, QrScore>();
  await mapLimit(counties, 8, async (county) => {
    const units = (await org.children(county.id)).filter((u) => u.kind === 'unit');
    const levels: QrScore['levels'] = [0, 0, 0, 0, 0];
    let responses = 0;
    for (const aggs of await Promise.all(units.map((u) => qr.dailyAggregates(u.id, from, to)))) {
      for (const a of aggs) {
        responses += a.responses;
        for (const q of Object.values(a.questions)) {
          if (!q.levels) continue;
          for (let l = 1; l <= 5; l++) levels[l - 1] = levels[l - 1]! + (q.levels[l] ?? 0);
        }
      }
    }
    const answers = levels.reduce((x, y) => x + y, 0);
    if (answers > 0) {
      const score = levels.reduce((x, c, i) => x + c * levelScores[i]!, 0) / answers;
      out.set(county.id, { score, n: responses, levels });
    }
  });
  return out;
}

/**
 * 1. Lists the province's counties (the campaign's scope).
 * 2. Reads the O(counties × indicators) aggregates and the QR self-ratings.
 * 3. Computes estimates, ranks, joint rank sets and tiers (seeded), and the QR comparison.
 * Returns an unsealed snapshot body for `version` (the next version when publishing).
 */
export async function computeRanking(
  deps: CampaignDeps,
  campaign: Campaign,
  version: number,
  meta: { publishedAt: string; publishedBy: string; note?: string },
): Promise<SnapshotBody> {
  const counties = await countiesOf(deps.org, campaign.provinceId);
  const [aggregates, qr] = await Promise.all([
    deps.store.readAggregates(campaign.id),
    qrScores(deps.org, deps.qr, counties, campaign.periodFrom, campaign.periodTo, campaign.levelScores),
  ]);
  const results = computeResults({
    campaignId: campaign.id,
    settings: campaign,
    counties: counties.map((c) => c.id),
    aggregates,
    qr,
  });
  const seeds = Object.fromEntries(
    [...campaign.indicators.map((i) => i.code), COMPOSITE].map((code) => [
      code,
      rankingSeed(campaign.id, code),
    ]),
  );
  return {
    campaignId: campaign.id,
    campaignName: campaign.name['zh-CN'],
    version,
    methodVersion: METHOD_VERSION,
    ...meta,
    parameters: {
      indicators: campaign.indicators,
      questions: campaign.questions,
      levelScores: campaign.levelScores,
      satisfiedFrom: campaign.satisfiedFrom,
      minSample: campaign.minSample,
      decimals: campaign.decimals,
      divergenceThreshold: campaign.divergenceThreshold,
      rankingEstimate: campaign.rankingEstimate ?? 'direct',
      weightCap: campaign.weightCap,
      periodFrom: campaign.periodFrom,
      periodTo: campaign.periodTo,
      agencyId: campaign.agencyId,
      agencyName: campaign.agencyName,
      bootstrapDraws: BOOTSTRAP_DRAWS,
      seeds,
      z: Z95,
    },
    counties: counties.map((c) => ({ id: c.id, name: c.name['zh-CN'], cityId: c.parentId })),
    aggregates: [...aggregates.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .flatMap(([countyId, m]) =>
        [...m.entries()]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([indicator, s]) => ({ countyId, indicator, ...s })),
      ),
    qr: [...qr.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([countyId, q]) => ({ countyId, ...q })),
    results,
  };
}
