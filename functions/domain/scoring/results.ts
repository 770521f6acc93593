/**
 * From stored aggregates to the published table: every county × indicator estimate, the
 * composite, ranks with intervals and groups, and the QR self-rating shown beside (never pooled).
 * Pure and deterministic: the same inputs and seed give the same table, to the last bit.
 */
import { type CampaignSettings, COMPOSITE } from '../campaign';
import type { IndicatorSums } from './aggregate';
import { estimateIndicator, type IndicatorEstimate, type Interval, weightedMean, Z95 } from './estimates';
import { fnv1a } from './prng';
import { type RankInput, rankCounties, roundPublished } from './ranking';

/** Bumped whenever a formula below changes; stored in every snapshot. */
export const METHOD_VERSION = 'kmpj-scoring/1.0';

export const BOOTSTRAP_DRAWS = 1000;

/** The QR self-rating of a county's units over the campaign period (a different population). */
export interface QrScore {
  /** Mean mapped score over all satisfaction answers, 0–100. */
  score: number;
  n: number;
}

export type ScoreStatus = 'ranked' | 'insufficient_sample';

export interface ScoredCell {
  status: ScoreStatus;
  estimate: IndicatorEstimate;
  /** Score rounded as published; ranks are taken on it. */
  published: number;
  rank?: number;
  rankInterval?: Interval;
  group?: number;
}

export interface CompositeCell {
  status: ScoreStatus;
  score: number;
  se: number;
  ci: Interval;
  published: number;
  rank?: number;
  rankInterval?: Interval;
  group?: number;
}

export interface CountyResult {
  countyId: string;
  indicators: Record<string, ScoredCell>;
  composite: CompositeCell;
  qr?: QrScore;
  /** Set when |composite − QR score| ≥ the campaign's threshold (QR n ≥ 30). */
  divergence?: { difference: number; direction: 'qr_higher' | 'qr_lower' };
}

/** Minimum QR answers before a divergence is flagged: below it the QR score itself is noise. */
export const QR_MIN_N = 30;

/** Seed of one ranking's bootstrap: FNV-1a of `{campaignId}#v{version}#{indicator}`. */
export const rankingSeed = (campaignId: string, version: number, indicator: string): number =>
  fnv1a(`${campaignId}#v${version}#${indicator}`);

export interface ComputeInput {
  campaignId: string;
  version: number;
  settings: Pick<CampaignSettings, 'indicators' | 'minSample' | 'decimals' | 'divergenceThreshold'>;
  /** Every county of the campaign's scope, in a fixed order (ascending code). */
  counties: readonly string[];
  aggregates: ReadonlyMap<string, ReadonlyMap<string, IndicatorSums>>;
  qr?: ReadonlyMap<string, QrScore>;
}

const empty: IndicatorSums = { n: 0, sw: 0, swx: 0, swx2: 0, sw2: 0, sws: 0, levels: [0, 0, 0, 0, 0] };

/**
 * 1. Estimates every county × indicator; below the minimum sample it is "insufficient_sample".
 * 2. Composite = Σ a_k · mean_k; its SE is that of the per-respondent composite.
 * 3. Ranks each indicator and the composite among the eligible counties (seeded bootstrap).
 * 4. Adds the QR self-rating beside and flags large divergences.
 */
export function computeResults(input: ComputeInput): CountyResult[] {
  const { settings } = input;
  const counties = [...input.counties].sort();
  const results: CountyResult[] = counties.map((countyId) => {
    const agg = input.aggregates.get(countyId);
    const indicators: Record<string, ScoredCell> = {};
    for (const ind of settings.indicators) {
      const estimate = estimateIndicator(agg?.get(ind.code) ?? empty);
      const ok = estimate.n >= settings.minSample && Number.isFinite(estimate.se);
      indicators[ind.code] = {
        status: ok ? 'ranked' : 'insufficient_sample',
        estimate,
        published: Number.NaN,
      };
    }
    const all = settings.indicators.every((i) => indicators[i.code]!.status === 'ranked');
    const score = settings.indicators.reduce((a, i) => a + i.weight * indicators[i.code]!.estimate.mean, 0);
    const se = weightedMean(agg?.get(COMPOSITE) ?? empty).se;
    const composite: CompositeCell = {
      status: all && Number.isFinite(se) ? 'ranked' : 'insufficient_sample',
      score,
      se,
      ci: { low: score - Z95 * se, high: score + Z95 * se },
      published: Number.NaN,
    };
    const qr = input.qr?.get(countyId);
    const result: CountyResult = { countyId, indicators, composite, qr };
    if (qr && qr.n >= QR_MIN_N && Number.isFinite(score)) {
      const difference = qr.score - score;
      if (Math.abs(difference) >= settings.divergenceThreshold) {
        result.divergence = { difference, direction: difference > 0 ? 'qr_higher' : 'qr_lower' };
      }
    }
    return result;
  });

  const rankOne = (
    code: string,
    cell: (r: CountyResult) => ScoredCell | CompositeCell,
    score: (r: CountyResult) => RankInput,
  ) => {
    const eligible = results.filter((r) => cell(r).status === 'ranked');
    const ranked = rankCounties(eligible.map(score), {
      decimals: settings.decimals,
      seed: rankingSeed(input.campaignId, input.version, code),
      draws: BOOTSTRAP_DRAWS,
    });
    ranked.forEach((rk, i) => {
      Object.assign(cell(eligible[i]!), {
        published: rk.published,
        rank: rk.rank,
        rankInterval: rk.rankInterval,
        group: rk.group,
      });
    });
  };
  for (const ind of settings.indicators) {
    rankOne(
      ind.code,
      (r) => r.indicators[ind.code]!,
      (r) => ({
        countyId: r.countyId,
        score: r.indicators[ind.code]!.estimate.mean,
        se: r.indicators[ind.code]!.estimate.se,
      }),
    );
  }
  rankOne(
    COMPOSITE,
    (r) => r.composite,
    (r) => ({ countyId: r.countyId, score: r.composite.score, se: r.composite.se }),
  );
  // Unranked cells still show their rounded figure.
  const round = (x: number) => (Number.isFinite(x) ? roundPublished(x, settings.decimals) : Number.NaN);
  for (const r of results) {
    for (const c of Object.values(r.indicators))
      if (c.rank === undefined) c.published = round(c.estimate.mean);
    if (r.composite.rank === undefined) r.composite.published = round(r.composite.score);
  }
  return results;
}
