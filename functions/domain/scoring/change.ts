/**
 * Change over time: each county's score in one published campaign against another, comparable
 * one, with its own interval and test, and the "most improved" counties whose change can be told
 * apart from zero after a multiplicity correction (Holm) across every county compared.
 */
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import { COMPOSITE } from '../campaign';
import { t95 } from './estimates';
import type { CountyResult } from './results';
import type { SnapshotBody } from './snapshot';

/** Why two snapshots cannot be compared: each names the setting that differs. */
export interface ComparabilityProblem {
  field: string;
  message: string;
  messageEn: string;
}

type Params = Pick<SnapshotBody, 'parameters' | 'methodVersion'>;

/**
 * Two snapshots are comparable when they were computed by the same method, on the same scale
 * (level scores, satisfied-from) and the same indicators with the same composite weights, and
 * rank the same kind of estimate.
 */
export function comparability(a: Params, b: Params): ComparabilityProblem[] {
  const out: ComparabilityProblem[] = [];
  if (a.methodVersion !== b.methodVersion)
    out.push({
      field: 'methodVersion',
      message: `计分方法版本不同（${a.methodVersion} / ${b.methodVersion}）`,
      messageEn: `Different scoring methods (${a.methodVersion} / ${b.methodVersion})`,
    });
  if (a.parameters.levelScores.join('/') !== b.parameters.levelScores.join('/'))
    out.push({
      field: 'levelScores',
      message: `等级分值不同（${a.parameters.levelScores.join('/')} / ${b.parameters.levelScores.join('/')}）`,
      messageEn: `Different level scores (${a.parameters.levelScores.join('/')} / ${b.parameters.levelScores.join('/')})`,
    });
  if (a.parameters.satisfiedFrom !== b.parameters.satisfiedFrom)
    out.push({
      field: 'satisfiedFrom',
      message: '"满意"的起点不同',
      messageEn: 'Different satisfiedFrom',
    });
  const ind = (p: Params) =>
    p.parameters.indicators
      .map((i) => `${i.code}:${i.weight}`)
      .sort()
      .join(',');
  if (ind(a) !== ind(b))
    out.push({
      field: 'indicators',
      message: `指标或其权重不同（${ind(a)} / ${ind(b)}）`,
      messageEn: `Different indicators or weights (${ind(a)} / ${ind(b)})`,
    });
  if ((a.parameters.rankingEstimate ?? 'direct') !== (b.parameters.rankingEstimate ?? 'direct'))
    out.push({
      field: 'rankingEstimate',
      message: '排名所用估计不同（直接估计 / 小域估计）',
      messageEn: 'One ranks direct estimates, the other small-area estimates',
    });
  return out;
}

export interface CountyChange {
  countyId: string;
  from: number;
  to: number;
  /** to − from. */
  change: number;
  se: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** 95% t interval of the change (not adjusted for multiplicity). */
  ci: { low: number; high: number };
  /** Two-sided p-value of "no change". */
  p: number;
  /** Holm-adjusted p-value across every county compared. */
  pHolm: number;
  /** pHolm < 0.05: the change is told apart from zero. */
  distinguishable: boolean;
}

const cellOf = (r: CountyResult, code: string) => {
  if (code === COMPOSITE) {
    const c = r.composite;
    return { status: c.status, score: c.score, se: c.se, df: c.df };
  }
  const c = r.indicators[code];
  return c && { status: c.status, score: c.estimate.mean, se: c.estimate.se, df: c.estimate.df };
};

/**
 * 1. Takes the counties ranked on `code` in both snapshots (independent samples).
 * 2. change = to − from; se = √(se_from² + se_to²); df by Welch–Satterthwaite;
 *    interval change ± t(0.975, df)·se; p = 2·(1 − T_df(|change| / se)).
 * 3. Holm's step-down over those p-values: the i-th smallest is multiplied by (m − i + 1),
 *    made monotone, capped at 1; distinguishable when below 0.05.
 * Returned in county order.
 */
export function countyChanges(
  from: readonly CountyResult[],
  to: readonly CountyResult[],
  code: string,
): CountyChange[] {
  const earlier = new Map(from.map((r) => [r.countyId, r]));
  const rows: Omit<CountyChange, 'pHolm' | 'distinguishable'>[] = [];
  for (const r of [...to].sort((a, b) => (a.countyId < b.countyId ? -1 : 1))) {
    const b = cellOf(r, code);
    const e = earlier.get(r.countyId);
    const a = e && cellOf(e, code);
    if (!a || !b || a.status !== 'ranked' || b.status !== 'ranked') continue;
    const va = a.se * a.se;
    const vb = b.se * b.se;
    const se = Math.sqrt(va + vb);
    const df = (va + vb) ** 2 / ((va * va) / a.df + (vb * vb) / b.df);
    const change = b.score - a.score;
    const half = t95(df) * se;
    const p = se > 0 ? 2 * (1 - tCdf(Math.abs(change) / se, df)) : change === 0 ? 1 : 0;
    rows.push({
      countyId: r.countyId,
      from: a.score,
      to: b.score,
      change,
      se,
      df,
      ci: { low: change - half, high: change + half },
      p,
    });
  }
  const m = rows.length;
  const order = rows.map((_, i) => i).sort((i, j) => rows[i]!.p - rows[j]!.p);
  const holm = new Array<number>(m);
  let running = 0;
  order.forEach((i, k) => {
    running = Math.max(running, Math.min(1, (m - k) * rows[i]!.p));
    holm[i] = running;
  });
  return rows.map((r, i) => ({ ...r, pHolm: holm[i]!, distinguishable: holm[i]! < 0.05 }));
}
