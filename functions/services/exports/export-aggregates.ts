/** Use case: staff download satisfaction statistics by period (and by unit, for a subtree). */
import type { Principal } from '../../domain/access';
import {
  type AggregateRow,
  addToSums,
  daysInRange,
  emptySums,
  type Granularity,
  meanScore,
  periodOf,
  type SatisfactionSums,
  satisfactionRate,
} from '../../domain/dashboard';
import { figuresCutoff } from '../../domain/figures-cutoff';
import type { CellValue } from '../../domain/spreadsheet-safety';
import type { QuestionnaireContent } from '../../schemas/questionnaire';
import { loadVersions, readAggregates } from '../dashboard/get-dashboard';
import { checkPeriod } from '../responses/period';
import type { ReportingDeps } from '../responses/ports';
import { resolveReportScope } from '../responses/scope';
import { versionCache } from '../responses/versions';
import { type ExportFile, type ExportFormat, renderExport } from './render';
import type { Sheet } from './sheet';

export const AGGREGATE_HEADER = [
  '统计周期',
  '起始日',
  '编码',
  '名称',
  '评价数',
  '满意度作答数',
  '满意率（%）',
  '满意度得分',
  '非常满意',
  '满意',
  '基本满意',
  '不满意',
  '非常不满意',
];

const ratePercent = (s: SatisfactionSums) => {
  const r = satisfactionRate(s);
  return r === null ? null : Math.round(r * 10_000) / 100;
};

const statsRow = (
  period: string,
  start: string,
  id: string,
  name: string,
  s: SatisfactionSums,
): CellValue[] => [
  period,
  start,
  id,
  name,
  s.responses,
  s.n,
  ratePercent(s),
  meanScore(s),
  s.levels[5],
  s.levels[4],
  s.levels[3],
  s.levels[2],
  s.levels[1],
];

/**
 * One row per period and reporting node, then (for a subtree) a 合计 row per period. Units
 * without responses in a period are left out of a subtree's rows; the 合计 row always appears,
 * so empty periods show as 0 responses with blank rate and score.
 */
export function aggregatesSheet(
  rows: readonly AggregateRow[],
  contents: ReadonlyMap<string, QuestionnaireContent>,
  period: { from: string; to: string; granularity: Granularity },
  scope: { id: string; name: string; subtree: boolean; nameOf: (id: string) => string },
): Sheet {
  const periods = new Map<string, string>();
  for (const day of daysInRange(period.from, period.to)) {
    const p = periodOf(day, period.granularity);
    if (!periods.has(p)) periods.set(p, day);
  }
  const cells = new Map<string, Map<string, SatisfactionSums>>();
  for (const row of rows) {
    if (row.day < period.from || row.day > period.to) continue;
    const p = periodOf(row.day, period.granularity);
    const byNode = cells.get(p) ?? new Map<string, SatisfactionSums>();
    cells.set(p, byNode);
    addToSums(byNode.get(row.nodeId) ?? byNode.set(row.nodeId, emptySums()).get(row.nodeId)!, row, contents);
  }
  const out: CellValue[][] = [];
  for (const [p, start] of periods) {
    const byNode = cells.get(p) ?? new Map<string, SatisfactionSums>();
    if (!scope.subtree) {
      out.push(statsRow(p, start, scope.id, scope.name, byNode.get(scope.id) ?? emptySums()));
      continue;
    }
    const total = emptySums();
    for (const id of [...byNode.keys()].sort()) {
      const s = byNode.get(id)!;
      out.push(statsRow(p, start, id, scope.nameOf(id), s));
      total.responses += s.responses;
      total.n += s.n;
      total.satisfied += s.satisfied;
      total.scoreSum += s.scoreSum;
      for (const l of [1, 2, 3, 4, 5] as const) total.levels[l] += s.levels[l];
    }
    out.push(statsRow(p, start, scope.id, `${scope.name}（合计）`, total));
  }
  return { name: '满意度统计', header: AGGREGATE_HEADER, rows: out };
}

/**
 * 1. Requires `export:read`; resolves the node (404 outside the caller's subtree).
 * 2. Checks the period (≤ 366 days).
 * 3. Reads the daily aggregates (never responses), as the dashboard does, and like it only up to
 *    the province's cut-off for staff below the province.
 * 4. Folds them per period and node; renders CSV or XLSX, formula-safe.
 */
export async function exportAggregates(
  deps: ReportingDeps,
  p: Principal,
  q: { nodeId: string; from: string; to: string; granularity: Granularity },
  format: ExportFormat,
): Promise<ExportFile> {
  const scope = await resolveReportScope(deps.tree, p, 'export:read', q.nodeId);
  checkPeriod(q.from, q.to);
  const cutoff = await figuresCutoff(p, deps.cutoffDay);
  const to = cutoff !== undefined && cutoff < q.to ? cutoff : q.to;
  const rows = q.from <= to ? await readAggregates(deps, scope, q.from, to) : [];
  const versions = versionCache(deps.versions);
  await loadVersions(rows, versions);
  const name = scope.node.name['zh-CN'];
  const sheet = aggregatesSheet(rows, versions.loaded, q, {
    id: scope.node.id,
    name,
    subtree: scope.node.kind !== 'unit' && scope.node.kind !== 'servicePoint',
    nameOf: (id) => scope.nodes.get(id)?.name['zh-CN'] ?? id,
  });
  return renderExport(sheet, format, {
    ascii: `aggregates-${scope.node.id}-${q.from}-${q.to}-${q.granularity}`,
    name: `满意度统计-${name}-${q.from}至${q.to}`,
  });
}
