/**
 * A published snapshot as one table (the CSV and XLSX downloads): one row per county ×
 * indicator plus one composite row per county. Each row carries what a third party needs to
 * recompute it from the table alone (docs/scoring-method.md): the raw weighted totals, the
 * campaign's parameters, the ranking's seed and draws, and the QR level counts beside.
 */
import { COMPOSITE } from '../../domain/campaign';
import type { IndicatorSums } from '../../domain/scoring/aggregate';
import { BOOTSTRAP_DRAWS, type CountyResult } from '../../domain/scoring/results';
import type { Snapshot } from '../../domain/scoring/snapshot';

export const SNAPSHOT_TABLE_HEADER = [
  'campaign_id',
  'version',
  'method_version',
  'county_code',
  'county',
  'indicator',
  'indicator_weight',
  'status',
  'n',
  'weighted_n',
  'effective_n',
  'design_effect',
  'largest_weight_share',
  'score',
  'se',
  'df',
  'score_low',
  'score_high',
  'satisfaction_rate',
  'rate_low',
  'rate_high',
  'published',
  'rank',
  'rank_low_joint',
  'rank_high_joint',
  'tier_joint',
  'sum_w',
  'sum_wx',
  'sum_wx2',
  'sum_w2',
  'sum_ws',
  'max_w',
  'level_1',
  'level_2',
  'level_3',
  'level_4',
  'level_5',
  'level_scores',
  'satisfied_from',
  'min_sample',
  'weight_cap',
  'decimals',
  'seed',
  'draws',
  'qr_score',
  'qr_n',
  'qr_level_1',
  'qr_level_2',
  'qr_level_3',
  'qr_level_4',
  'qr_level_5',
  'divergence_threshold',
  'divergence',
  'divergence_low',
  'divergence_high',
  'divergence_flagged',
  'ranking_estimate',
  'small_area_score',
  'small_area_mse',
  'small_area_shrinkage',
] as const;

type Cell = string | number | null;

const totals = (s: IndicatorSums | undefined): Cell[] =>
  s
    ? [s.sw, s.swx, s.swx2, s.sw2, s.sws, s.wmax > 0 ? s.wmax : null, ...s.levels]
    : [null, null, null, null, null, null, null, null, null, null, null];

/** The rows of the counties in `view` (the principal's scope), in county then indicator order. */
export function snapshotTableRows(snap: Snapshot, view: { results: readonly CountyResult[] }): Cell[][] {
  const names = new Map(snap.counties.map((k) => [k.id, k.name]));
  const sums = new Map(snap.aggregates.map((a) => [`${a.countyId}#${a.indicator}`, a]));
  const qr = new Map(snap.qr.map((q) => [q.countyId, q]));
  const p = snap.parameters;
  const weights = new Map(p.indicators.map((i) => [i.code, i.weight]));
  const draws = p.bootstrapDraws ?? BOOTSTRAP_DRAWS;
  const rows: Cell[][] = [];
  for (const r of view.results) {
    const q = qr.get(r.countyId);
    const cmp = r.qrComparison?.compared ? r.qrComparison : undefined;
    const head = (code: string): Cell[] => [
      snap.campaignId,
      snap.version,
      snap.methodVersion,
      r.countyId,
      names.get(r.countyId) ?? '',
      code,
      code === COMPOSITE ? 1 : (weights.get(code) ?? null),
    ];
    const tail = (code: string): Cell[] => [
      ...totals(sums.get(`${r.countyId}#${code}`)),
      p.levelScores.join('/'),
      p.satisfiedFrom,
      p.minSample,
      p.weightCap ?? null,
      p.decimals,
      p.seeds[code] ?? null,
      draws,
      q?.score ?? null,
      q?.n ?? null,
      ...(q?.levels ?? [null, null, null, null, null]),
      p.divergenceThreshold,
      cmp?.difference ?? null,
      cmp?.ci.low ?? null,
      cmp?.ci.high ?? null,
      cmp ? (cmp.flagged ? 1 : 0) : null,
      p.rankingEstimate ?? 'direct',
    ];
    const small = (c: { smallArea?: { score: number; mse: number; shrinkage: number } }): Cell[] => [
      c.smallArea?.score ?? null,
      c.smallArea?.mse ?? null,
      c.smallArea?.shrinkage ?? null,
    ];
    for (const [code, cell] of Object.entries(r.indicators)) {
      const e = cell.estimate;
      rows.push([
        ...head(code),
        cell.status,
        e.n,
        e.weightedN,
        e.effectiveN,
        e.designEffect ?? null,
        e.largestWeightShare ?? null,
        e.mean,
        e.se,
        e.df ?? null,
        e.meanCi.low,
        e.meanCi.high,
        e.satisfactionRate,
        e.satisfactionCi.low,
        e.satisfactionCi.high,
        cell.published,
        cell.rank ?? null,
        cell.rankInterval?.low ?? null,
        cell.rankInterval?.high ?? null,
        cell.group ?? null,
        ...tail(code),
        ...small(cell),
      ]);
    }
    const k = r.composite;
    rows.push([
      ...head(COMPOSITE),
      k.status,
      k.n ?? null,
      k.weightedN ?? null,
      k.effectiveN ?? null,
      k.n !== undefined && k.effectiveN ? k.n / k.effectiveN : null,
      k.largestWeightShare ?? null,
      k.score,
      k.se,
      k.df ?? null,
      k.ci.low,
      k.ci.high,
      null,
      null,
      null,
      k.published,
      k.rank ?? null,
      k.rankInterval?.low ?? null,
      k.rankInterval?.high ?? null,
      k.group ?? null,
      ...tail(COMPOSITE),
      ...small(k),
    ]);
  }
  return rows;
}
