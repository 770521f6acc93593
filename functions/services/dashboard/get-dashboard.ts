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
import type { LocalizedText } from '../../schemas/questionnaire';
import { firstComment, preview } from '../responses/comment';
import { MergedResponses } from '../responses/merged-responses';
import { checkPeriod, periodInstants } from '../responses/period';
import type { ReportingDeps } from '../responses/ports';
import { mapLimited, type ReportScope, resolveReportScope } from '../responses/scope';
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
  const rows = (await mapLimited(scope.unitIds, 16, (id) => read(id, from, to))).flat();
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

/**
 * 1. Requires `dashboard:read`; resolves the node (404 outside the caller's subtree).
 * 2. Checks the period (≤ 366 days). Below the province (no `figures:live`) the figures stop at
 *    the cut-off day: days after it are read as empty (comments are not figures: shown live).
 * 3. Reads the daily aggregates: the node's own for a unit or service point, else those of
 *    every unit beneath it (units never double-count: service points are not added on top).
 * 4. Loads the questionnaire versions involved, for question types and texts.
 * 5. Folds totals, the series (empty periods included, with null rate and score) and the
 *    per-question distributions; reads the newest comments (≤ 10).
 * 6. Folds the units' 事项 aggregates per matter (not for a single service point: they are
 *    kept per unit), within the same cut-off.
 */
export async function getDashboard(
  deps: ReportingDeps,
  p: Principal,
  q: DashboardQueryInput,
): Promise<Dashboard> {
  const scope = await resolveReportScope(deps.tree, p, 'dashboard:read', q.nodeId);
  checkPeriod(q.from, q.to);
  const cutoff = await figuresCutoff(p, deps.cutoffDay);
  const to = cutoff !== undefined && cutoff < q.to ? cutoff : q.to;
  const visible = q.from <= to;
  const rows = visible ? await readAggregates(deps, scope, q.from, to) : [];
  const versions = versionCache(deps.versions);
  await loadVersions(rows, versions);
  const totals = sumAggregates(rows, versions.loaded);
  return {
    node: { id: scope.node.id, name: scope.node.name, kind: scope.node.kind },
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
    recentComments: await recentComments(deps, scope, q.from, q.to, versions),
    matters: visible ? await matterSummaries(deps, scope, q.from, to, versions) : [],
  };
}
