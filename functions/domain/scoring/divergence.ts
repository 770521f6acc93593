/**
 * One rule for "QR self-ratings disagree with the agency's sample", used by the published
 * snapshot (per county) and by the integrity report (per unit against its county). Both sides
 * are put on the campaign's scale: the QR answers are re-scored from their level counts with the
 * campaign's level scores, so a questionnaire's own mapping never makes a difference appear.
 */
import { type Scale, scaleOf, t95, varianceFloor, Z95 } from './estimates';

/** Fewest QR ballots before a divergence is judged: below it the QR score itself is noise. */
export const QR_MIN_N = 30;

/** The agency side: a ranked composite (or indicator) cell. */
export interface AgencySide {
  status: 'ranked' | 'insufficient_sample';
  score: number;
  se: number;
  /** Degrees of freedom of its t interval (absent in older snapshots). */
  df?: number;
}

/** The QR side: counts of satisfaction answers per level 1–5, and the ballots they came from. */
export interface QrSide {
  levels: readonly number[];
  ballots: number;
}

export type DivergenceResult =
  | {
      compared: true;
      /** QR score on the campaign's scale. */
      qrScore: number;
      /** qrScore − agency score. */
      difference: number;
      /** 95% interval of the difference. */
      ci: { low: number; high: number };
      /** |difference| ≥ threshold and the interval excludes 0. */
      flagged: boolean;
      direction: 'qr_higher' | 'qr_lower';
    }
  | { compared: false; reason: 'agency_unranked' | 'qr_too_few' | 'qr_scale_incompatible' };

/** The QR side's mean and standard error on the campaign's scale. */
export function qrOnScale(qr: QrSide, levelScores: readonly number[], scale: Scale) {
  const answers = qr.levels.reduce((a, b) => a + b, 0);
  let sum = 0;
  let sum2 = 0;
  qr.levels.forEach((c, i) => {
    const x = levelScores[i]!;
    sum += c * x;
    sum2 += c * x * x;
  });
  const mean = sum / answers;
  // Answers of one ballot are correlated: the ballots, not the answers, are the sample size.
  const n = Math.min(answers, qr.ballots);
  const pop = Math.max(0, sum2 / answers - mean * mean);
  const variance = n > 1 ? Math.max((pop * n) / (n - 1), varianceFloor(n, scale)) : Number.NaN;
  return { mean, se: Math.sqrt(variance / n), n };
}

/**
 * 1. Not compared when the agency cell is not ranked, the QR side has fewer than QR_MIN_N
 *    ballots, or its answers carry no five-level counts (another scale).
 * 2. d = QR − agency; se_d = √(se_agency,t² + se_QR²), where se_agency,t = se · t(0.975, df)/z
 *    carries the agency side's small-sample t; interval d ± z·se_d.
 * 3. Flagged when |d| ≥ threshold and the interval excludes 0.
 */
export function qrDivergence(
  agency: AgencySide,
  qr: QrSide | undefined,
  levelScores: readonly number[],
  threshold: number,
): DivergenceResult {
  if (agency.status !== 'ranked' || !Number.isFinite(agency.score) || !Number.isFinite(agency.se))
    return { compared: false, reason: 'agency_unranked' };
  if (!qr || qr.ballots < QR_MIN_N) return { compared: false, reason: 'qr_too_few' };
  if (qr.levels.length !== 5 || qr.levels.reduce((a, b) => a + b, 0) < QR_MIN_N)
    return { compared: false, reason: 'qr_scale_incompatible' };
  const scale = scaleOf(levelScores);
  const q = qrOnScale(qr, levelScores, scale);
  // Snapshots published before the t intervals carry no df: their se stands as it is.
  const seAgency =
    agency.df !== undefined && Number.isFinite(agency.df) ? (agency.se * t95(agency.df)) / Z95 : agency.se;
  const seD = Math.sqrt(seAgency * seAgency + q.se * q.se);
  const difference = q.mean - agency.score;
  const ci = { low: difference - Z95 * seD, high: difference + Z95 * seD };
  return {
    compared: true,
    qrScore: q.mean,
    difference,
    ci,
    flagged: Math.abs(difference) >= threshold && (ci.low > 0 || ci.high < 0),
    direction: difference > 0 ? 'qr_higher' : 'qr_lower',
  };
}
