/**
 * Use case: the province reads the ballot-integrity report: per unit, its share of quarantined
 * ballots, its bursts and its flags, beside its official (counted) ballots and QR score.
 */
import { type Principal, requireAction } from '../../domain/access';
import { isWithin, type OrgNode } from '../../domain/org';
import { qrDivergence } from '../../domain/scoring/divergence';
import type { AgencyScoreReader } from './agency-scores';
import { requirePeriod } from './period';
import type { DailyAggregateLike, QuarantineCountsLike } from './report-ports';

export interface IntegrityReportDeps {
  quarantineBetween(fromDay: string, toDay: string): Promise<QuarantineCountsLike[]>;
  dailyAggregates(nodeId: string, fromDay: string, toDay: string): Promise<DailyAggregateLike[]>;
  getNodes(ids: readonly string[]): Promise<Map<string, OrgNode>>;
  /** Every node under a root: the report covers each unit of the caller's scope, clean ones too. */
  /** Every node below the node at `rootPath` (its materialised path), in one paged read. */
  descendants(rootPath: string): Promise<OrgNode[]>;
  /** The agency (third-party) score of the unit's county over the period, when a campaign has one. */
  agencyScore?: AgencyScoreReader;
}

/** One unit's line of the report. */
export interface UnitIntegrityLine {
  unitId: string;
  name?: OrgNode['name'];
  counted: number;
  quarantined: number;
  /** quarantined / (counted + quarantined). */
  quarantinedShare: number;
  /** Ballots flagged as part of a burst at one of its service points. */
  burstBallots: number;
  flags: Record<string, number>;
  /** Mean 0–100 score of its counted satisfaction answers (QR channel). */
  qrScore?: number;
  agencyScore?: number;
  /**
   * QR − agency on the campaign's scale (the one divergence rule, divergence.ts): a large
   * positive gap suggests coached or stuffed QR ratings. Absent when the rule does not compare.
   */
  divergence?: number;
  /** 95% interval of the divergence. */
  divergenceCi?: { low: number; high: number };
  /** |divergence| ≥ the campaign's threshold and its interval excludes 0. */
  divergenceFlagged?: boolean;
  /** Why no comparison was made, when there is an agency score. */
  divergenceNotCompared?: 'agency_unranked' | 'qr_too_few' | 'qr_scale_incompatible';
}

const MAX_DAYS = 92;

/**
 * 1. Requires `integrity:read` (province admin and auditor only).
 * 2. Reads the quarantine counters of every day of the period (one query per day, province-wide)
 *    and the units of the principal's subtree.
 * 3. For each unit with ballots in the period (counted or quarantined), reads its official
 *    aggregates, and the agency score of its county when a published campaign covers the period.
 * 4. Returns the units, largest quarantined share first.
 */
export async function integrityReport(
  deps: IntegrityReportDeps,
  p: Principal,
  from: string,
  to: string,
): Promise<{ from: string; to: string; units: UnitIntegrityLine[] }> {
  requireAction(p, 'integrity:read');
  requirePeriod(from, to, MAX_DAYS);
  const [rows, subtree] = await Promise.all([
    deps.quarantineBetween(from, to),
    deps.descendants(p.scopePath),
  ]);
  const byUnit = new Map<string, QuarantineCountsLike[]>();
  for (const n of subtree) if (n.kind === 'unit') byUnit.set(n.id, []);
  for (const r of rows) byUnit.set(r.unitId, [...(byUnit.get(r.unitId) ?? []), r]);
  const nodes = new Map(subtree.map((n) => [n.id, n]));
  const missing = [...byUnit.keys()].filter((id) => !nodes.has(id));
  for (const [id, n] of missing.length > 0 ? await deps.getNodes(missing) : []) nodes.set(id, n);
  const units: UnitIntegrityLine[] = [];
  for (const [unitId, items] of byUnit) {
    const node = nodes.get(unitId);
    if (!node || !isWithin(node, p.scopeId)) continue;
    const aggs = await deps.dailyAggregates(unitId, from, to);
    const counted = aggs.reduce((n, a) => n + a.responses, 0);
    const quarantined = items.reduce((n, i) => n + i.quarantined, 0);
    if (counted + quarantined === 0) continue;
    const flags: Record<string, number> = {};
    for (const i of items) for (const [f, c] of Object.entries(i.flags)) flags[f] = (flags[f] ?? 0) + c;
    let sum = 0;
    let n = 0;
    const levels = [0, 0, 0, 0, 0];
    for (const a of aggs) {
      for (const q of Object.values(a.questions)) {
        if (q.levels && q.sum !== undefined) {
          sum += q.sum;
          n += q.n;
          for (let l = 1; l <= 5; l++) levels[l - 1] = levels[l - 1]! + (q.levels[l] ?? 0);
        }
      }
    }
    const qrScore = n > 0 ? Math.round((sum / n) * 10) / 10 : undefined;
    const province = node.path.split('/')[0]!;
    const agency = node.parentId ? await deps.agencyScore?.(node.parentId, province, from, to) : undefined;
    const comparison = agency
      ? qrDivergence(agency.side, { levels, ballots: counted }, agency.levelScores, agency.threshold)
      : undefined;
    const round1 = (x: number) => Math.round(x * 10) / 10;
    units.push({
      unitId,
      name: node.name,
      counted,
      quarantined,
      quarantinedShare: Math.round((quarantined / (counted + quarantined)) * 1000) / 1000,
      burstBallots: flags.burst ?? 0,
      flags,
      qrScore,
      agencyScore: agency?.published,
      ...(comparison?.compared
        ? {
            divergence: round1(comparison.difference),
            divergenceCi: { low: round1(comparison.ci.low), high: round1(comparison.ci.high) },
            divergenceFlagged: comparison.flagged,
          }
        : comparison
          ? { divergenceNotCompared: comparison.reason }
          : {}),
    });
  }
  units.sort((a, b) => b.quarantinedShare - a.quarantinedShare);
  return { from, to, units };
}
