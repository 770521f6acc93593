/** Use case: the dashboard of a unit, a service point or a whole subtree, from daily aggregates. */
import type { Principal } from '../../domain/access';
import {
  type AggregateRow,
  foldQuestions,
  foldSeries,
  type Granularity,
  meanScore,
  type PeriodPoint,
  type QuestionSummary,
  satisfactionRate,
  sumAggregates,
} from '../../domain/dashboard';
import { figuresCutoff } from '../../domain/figures-cutoff';
import type { OrgNode } from '../../domain/org';
import type { LocalizedText } from '../../schemas/questionnaire';
import { firstComment, preview } from '../responses/comment';
import { MergedResponses } from '../responses/merged-responses';
import { checkPeriod, periodInstants } from '../responses/period';
import type { MatterAggregateRow, ReportingDeps } from '../responses/ports';
import { expandReportScope, mapLimited, type ReportScope, resolveReportNode } from '../responses/scope';
import { type VersionCache, versionCache } from '../responses/versions';

export interface DashboardQueryInput {
  nodeId: string;
  from: string;
  to: string;
  granularity: Granularity;
}

export interface Dashboard {
  node: { id: string; name: LocalizedText; kind: string };
  period: { from: string; to: string; granularity: Granularity };
  /** The last service day the figures include for this caller; null when they are live. */
  figuresUntil: string | null;
  totals: { responses: number; n: number; satisfactionRate: number | null; score: number | null };
  series: PeriodPoint[];
  questions: QuestionSummary[];
  recentComments: { responseId: string; submittedAt: string; comment: string }[];
  /** 一事一评: ratings per 事项 of the ballots business systems issued, most ballots first. */
  matters: MatterSummary[];
}

export interface MatterSummary {
  matter: string;
  responses: number;
  n: number;
  satisfactionRate: number | null;
  score: number | null;
}

/** The units' 事项 aggregates over the period, folded per matter like the totals. */
async function matterSummaries(
  deps: ReportingDeps,
  scope: ReportScope,
  from: string,
  to: string,
  versions: VersionCache,
): Promise<MatterSummary[]> {
  const read = deps.responses.matterAggregates?.bind(deps.responses);
  if (!read || scope.servicePointId !== undefined) return [];
  return foldMatters((await mapLimited(scope.unitIds, 16, (id) => read(id, from, to))).flat(), versions);
}

/** 事项 rows folded per matter, most ballots first. */
async function foldMatters(rows: MatterAggregateRow[], versions: VersionCache): Promise<MatterSummary[]> {
  await loadVersions(rows, versions);
  const byMatter = new Map<string, typeof rows>();
  for (const r of rows) byMatter.set(r.matterKey, [...(byMatter.get(r.matterKey) ?? []), r]);
  return [...byMatter.values()]
    .map((rs) => {
      const sums = sumAggregates(rs, versions.loaded);
      return {
        matter: rs[0]!.matter,
        responses: sums.responses,
        n: sums.n,
        satisfactionRate: satisfactionRate(sums),
        score: meanScore(sums),
      };
    })
    .sort((a, b) => b.responses - a.responses || a.matter.localeCompare(b.matter, 'zh-CN'));
}

export const RECENT_COMMENTS = 10;

/** The aggregates of a scope's nodes over a period, read in parallel. */
export async function readAggregates(
  deps: ReportingDeps,
  scope: ReportScope,
  from: string,
  to: string,
): Promise<AggregateRow[]> {
  const perNode = await mapLimited(scope.aggregateNodeIds, 16, (id) =>
    deps.responses.dailyAggregates(id, from, to),
  );
  return perNode.flat();
}

/** Loads every questionnaire version the aggregates refer to. */
export async function loadVersions(rows: readonly AggregateRow[], versions: VersionCache): Promise<void> {
  const seen = new Map(rows.map((r) => [`${r.questionnaireId}@${r.version}`, r]));
  await Promise.all([...seen.values()].map((r) => versions.get(r.questionnaireId, r.version)));
}

/**
 * The newest comments of the scope in the period: a bounded merge over the units' indexes
 * with `hasComment` applied in the store (at most RECENT_COMMENTS items, few pages).
 */
async function recentComments(
  deps: ReportingDeps,
  scope: ReportScope,
  from: string,
  to: string,
  versions: VersionCache,
): Promise<Dashboard['recentComments']> {
  const { since, until } = periodInstants(from, to);
  const merged = new MergedResponses(
    deps.responses,
    scope.unitIds,
    since,
    until,
    { hasComment: true, servicePointId: scope.servicePointId },
    { pageSize: RECENT_COMMENTS + 1, refillBudget: 8 },
  );
  const { items } = await merged.take(RECENT_COMMENTS);
  const out: Dashboard['recentComments'] = [];
  for (const r of items) {
    const comment = firstComment(await versions.get(r.questionnaireId, r.version), r.answers);
    if (comment !== undefined)
      out.push({ responseId: r.responseId, submittedAt: r.submittedAt, comment: preview(comment) });
  }
  return out;
}

/** The parts of a dashboard that differ by where its rows come from. */
interface DashboardRows {
  rows: AggregateRow[];
  matters: () => Promise<MatterSummary[]>;
  comments: () => Promise<Dashboard['recentComments']>;
}

/** Reads a node's dashboard rows over [q.from, to] (`to`: the period's end within the cut-off). */
type RowReader = (
  deps: ReportingDeps,
  node: OrgNode,
  q: DashboardQueryInput,
  to: string,
  versions: VersionCache,
) => Promise<DashboardRows>;

/** Inner nodes (county, city, province …) are read from their rollups when the store keeps them. */
const readsRollups = (deps: ReportingDeps, node: OrgNode) =>
  deps.rollups !== undefined && node.kind !== 'unit' && node.kind !== 'servicePoint';

/**
 * A node's rows from its rollups: one Query per rollup shard (days, versions and 事项 together),
 * and one Query of its comment pointers; nothing is read per unit.
 */
const rollupRows: RowReader = async (deps, node, q, to, versions) => {
  const rollups = deps.rollups!;
  const { since, until } = periodInstants(q.from, q.to);
  const [read, comments] = await Promise.all([
    q.from <= to ? rollups.read(node.id, q.from, to) : Promise.resolve({ daily: [], matters: [] }),
    rollups.recentComments(node.id, since, until, RECENT_COMMENTS),
  ]);
  return {
    rows: read.daily,
    matters: () => foldMatters(read.matters, versions),
    comments: async () => comments,
  };
};

/** A node's rows from its units' (or its own) daily aggregates and response index. */
const unitRows: RowReader = async (deps, node, q, to, versions) => {
  const scope = await expandReportScope(deps.tree, node);
  const visible = q.from <= to;
  return {
    rows: visible ? await readAggregates(deps, scope, q.from, to) : [],
    matters: () => (visible ? matterSummaries(deps, scope, q.from, to, versions) : Promise.resolve([])),
    comments: () => recentComments(deps, scope, q.from, q.to, versions),
  };
};

/**
 * 1. Requires `dashboard:read`; resolves the node (404 outside the caller's subtree).
 * 2. Checks the period (≤ 366 days). Below the province (no `figures:live`) the figures stop at
 *    the cut-off day: days after it are read as empty (comments are not figures: shown live).
 * 3. Reads the daily aggregates: for a county, city or province its rollups (kept from the
 *    stream, the same sums as its units' aggregates); else the node's own for a unit or service
 *    point, or, without rollups, those of every unit beneath it (service points are not added on top).
 * 4. Loads the questionnaire versions involved, for question types and texts.
 * 5. Folds totals, the series (empty periods included, with null rate and score) and the
 *    per-question distributions; reads the newest comments (≤ 10).
 * 6. Folds the 事项 aggregates per matter (not for a single service point: they are kept per
 *    unit), within the same cut-off.
 */
export async function getDashboard(
  deps: ReportingDeps,
  p: Principal,
  q: DashboardQueryInput,
): Promise<Dashboard> {
  const node = await resolveReportNode(deps.tree, p, 'dashboard:read', q.nodeId);
  checkPeriod(q.from, q.to);
  const cutoff = await figuresCutoff(p, deps.cutoffDay);
  const to = cutoff !== undefined && cutoff < q.to ? cutoff : q.to;
  const versions = versionCache(deps.versions);
  const read = readsRollups(deps, node) ? rollupRows : unitRows;
  const { rows, matters, comments } = await read(deps, node, q, to, versions);
  await loadVersions(rows, versions);
  const totals = sumAggregates(rows, versions.loaded);
  return {
    node: { id: node.id, name: node.name, kind: node.kind },
    period: { from: q.from, to: q.to, granularity: q.granularity },
    figuresUntil: cutoff ?? null,
    totals: {
      responses: totals.responses,
      n: totals.n,
      satisfactionRate: satisfactionRate(totals),
      score: meanScore(totals),
    },
    series: foldSeries(rows, versions.loaded, q.from, q.to, q.granularity),
    questions: foldQuestions(rows, versions.loaded),
    recentComments: await comments(),
    matters: await matters(),
  };
}
