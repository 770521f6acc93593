/**
 * From stored aggregates to the published table: every county × indicator estimate, the
 * composite, ranks with intervals and groups, and the QR self-rating shown beside (never pooled).
 * Pure and deterministic: the same inputs and seed give the same table, to the last bit.
 */
import { type CampaignSettings, COMPOSITE } from '../campaign';
import { emptySums, type IndicatorSums } from './aggregate';
import { type DivergenceResult, qrDivergence } from './divergence';
import {
  estimateIndicator,
  type IndicatorEstimate,
  type Interval,
  largestWeightShare,
  scaleOf,
  t95,
  tInterval,
  weightedMean,
  Z95,
} from './estimates';
import { fnv1a } from './prng';
import { type RankInput, rankCounties, roundPublished } from './ranking';
import { fayHerriot } from './small-area';

/** Bumped whenever a formula below changes; stored in every snapshot. */
export const METHOD_VERSION = 'kmpj-scoring/2.0';

/** Parametric draws behind each joint critical value. */
export const BOOTSTRAP_DRAWS = 1000;

/**
 * The QR self-rating of a county's units over the campaign period (a different population):
 * the counts of its satisfaction answers per level 1–5, and the ballots they came from.
 */
export interface QrScore {
  /** Mean over the satisfaction answers, re-scored with the campaign's level scores (0–100). */
  score: number;
  /** Ballots. */
  n: number;
  /** Satisfaction answers per level 1 … 5. */
  levels: [number, number, number, number, number];
}

export type ScoreStatus = 'ranked' | 'insufficient_sample';

export interface ScoredCell {
  status: ScoreStatus;
  estimate: IndicatorEstimate;
  /** Score rounded as published; ranks are taken on it. */
  published: number;
  rank?: number;
  /** Joint 95% rank confidence set. */
  rankInterval?: Interval;
  /** Tier from the joint test (1 = top). */
  group?: number;
  /** Empirical-Bayes (Fay–Herriot) estimate beside the direct one, for ranked cells. */
  smallArea?: SmallAreaCell;
}

/** A Fay–Herriot estimate: the shrunk score, its estimated MSE and the weight of the county's own data. */
export interface SmallAreaCell {
  score: number;
  mse: number;
  shrinkage: number;
}

export interface CompositeCell {
  status: ScoreStatus;
  /** Interviews that answered at least one indicator. */
  n: number;
  weightedN: number;
  effectiveN: number;
  /** The largest single weight's share of Σw; NaN when not recorded. */
  largestWeightShare: number;
  score: number;
  se: number;
  df: number;
  ci: Interval;
  published: number;
  rank?: number;
  rankInterval?: Interval;
  group?: number;
  smallArea?: SmallAreaCell;
}

export interface CountyResult {
  countyId: string;
  indicators: Record<string, ScoredCell>;
  composite: CompositeCell;
  qr?: QrScore;
  /** The QR-vs-agency comparison (divergence.ts), when both sides allow one. */
  qrComparison?: DivergenceResult;
  /** Set when the comparison is flagged. */
  divergence?: { difference: number; direction: 'qr_higher' | 'qr_lower' };
}

/** Seed of one ranking's draws: FNV-1a of `{campaignId}#{indicator}` (the same for every version). */
export const rankingSeed = (campaignId: string, indicator: string): number =>
  fnv1a(`${campaignId}#${indicator}`);

/** The standard error used in rank inference: se · t(0.975, df) / z, so small samples weigh as t. */
export const rankSe = (se: number, df: number): number => (se * t95(df)) / Z95;

export interface ComputeInput {
  campaignId: string;
  settings: Pick<
    CampaignSettings,
    'indicators' | 'minSample' | 'decimals' | 'divergenceThreshold' | 'levelScores'
  > & { rankingEstimate?: CampaignSettings['rankingEstimate'] };
  /** Every county of the campaign's scope, in a fixed order (ascending code). */
  counties: readonly string[];
  aggregates: ReadonlyMap<string, ReadonlyMap<string, IndicatorSums>>;
  qr?: ReadonlyMap<string, QrScore>;
  /** Draws per joint critical value (default BOOTSTRAP_DRAWS). */
  draws?: number;
}

const empty: IndicatorSums = emptySums();

/**
 * 1. Estimates every county × indicator; below the minimum effective sample (Kish n_eff) it is
 *    "insufficient_sample".
 * 2. Composite = Σ a_k · mean_k; its SE is that of the per-respondent composite.
 * 3. Ranks each indicator and the composite among the eligible counties, with joint rank sets
 *    and tiers (seeded, version-independent), on the direct estimates or, when the campaign says
 *    so, on the Fay–Herriot estimates (which every ranked cell carries beside, either way).
 * 4. Adds the QR self-rating beside and compares it by the one divergence rule.
 */
export function computeResults(input: ComputeInput): CountyResult[] {
  const { settings } = input;
  const scale = scaleOf(settings.levelScores);
  const counties = [...input.counties].sort();
  const results: CountyResult[] = counties.map((countyId) => {
    const agg = input.aggregates.get(countyId);
    const indicators: Record<string, ScoredCell> = {};
    for (const ind of settings.indicators) {
      const estimate = estimateIndicator(agg?.get(ind.code) ?? empty, scale);
      const ok = estimate.effectiveN >= settings.minSample && Number.isFinite(estimate.se);
      indicators[ind.code] = {
        status: ok ? 'ranked' : 'insufficient_sample',
        estimate,
        published: Number.NaN,
      };
    }
    const all = settings.indicators.every((i) => indicators[i.code]!.status === 'ranked');
    const score = settings.indicators.reduce((a, i) => a + i.weight * indicators[i.code]!.estimate.mean, 0);
    const sums = agg?.get(COMPOSITE) ?? empty;
    const { se, df, effectiveN } = weightedMean(sums, scale);
    const composite: CompositeCell = {
      status: all && Number.isFinite(se) ? 'ranked' : 'insufficient_sample',
      n: Math.max(0, sums.n),
      weightedN: sums.n > 0 ? sums.sw : 0,
      effectiveN,
      largestWeightShare: largestWeightShare(sums),
      score,
      se,
      df,
      ci: tInterval(score, se, df, scale),
      published: Number.NaN,
    };
    const qr = input.qr?.get(countyId);
    const result: CountyResult = { countyId, indicators, composite, qr };
    const comparison = qrDivergence(
      composite,
      qr && { levels: qr.levels, ballots: qr.n },
      settings.levelScores,
      settings.divergenceThreshold,
    );
    if (comparison.compared) {
      result.qrComparison = comparison;
      if (comparison.flagged)
        result.divergence = { difference: comparison.difference, direction: comparison.direction };
    }
    return result;
  });

  const rankOne = (
    code: string,
    cell: (r: CountyResult) => ScoredCell | CompositeCell,
    direct: (r: CountyResult) => { score: number; se: number; df: number },
  ) => {
    const eligible = results.filter((r) => cell(r).status === 'ranked');
    const directs = eligible.map(direct);
    // Small-area estimates beside the direct ones, over the ranked counties of this ranking.
    const fit = fayHerriot(directs);
    fit?.estimates.forEach((e, i) => {
      cell(eligible[i]!).smallArea = { score: e.score, mse: e.mse, shrinkage: e.shrinkage };
    });
    const shrunk = settings.rankingEstimate === 'fay_herriot' && fit !== undefined;
    const inputs: RankInput[] = eligible.map((r, i) =>
      shrunk
        ? { countyId: r.countyId, score: fit.estimates[i]!.score, se: Math.sqrt(fit.estimates[i]!.mse) }
        : { countyId: r.countyId, score: directs[i]!.score, se: rankSe(directs[i]!.se, directs[i]!.df) },
    );
    const ranked = rankCounties(inputs, {
      decimals: settings.decimals,
      seed: rankingSeed(input.campaignId, code),
      draws: input.draws ?? BOOTSTRAP_DRAWS,
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
      (r) => {
        const e = r.indicators[ind.code]!.estimate;
        return { score: e.mean, se: e.se, df: e.df };
      },
    );
  }
  rankOne(
    COMPOSITE,
    (r) => r.composite,
    (r) => ({ score: r.composite.score, se: r.composite.se, df: r.composite.df }),
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
