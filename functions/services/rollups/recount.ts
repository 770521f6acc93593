/**
 * Use case: recounting the node rollups from the units' aggregates — verifying them, reporting
 * drift, and repairing it. The same run is the backfill of rollups for aggregates written before
 * the stream consumer existed (their records have left the stream).
 */
import { type AggregateDelta, addDeltas } from '../../domain/aggregate';
import type { AggregateRow } from '../../domain/dashboard';
import type { OrgNode } from '../../domain/org';
import {
  cellKey,
  deltaBetween,
  isZeroDelta,
  pickRollupShard,
  type RollupCell,
  rollupAncestors,
} from '../../domain/rollup';
import type { MatterAggregateRow, TreeReader } from '../responses/ports';
import { mapLimited } from '../responses/scope';
import type { RollupStore } from './ports';

export interface RecountDeps {
  tree: TreeReader;
  /** A unit's own aggregates over a period, shards summed (what the stream consumer adds up). */
  unitAggregates: {
    dailyAggregates(unitId: string, fromDay: string, toDay: string): Promise<AggregateRow[]>;
    matterAggregates?(unitId: string, fromDay: string, toDay: string): Promise<MatterAggregateRow[]>;
  };
  store: Pick<RollupStore, 'read' | 'correct'>;
  /** Waits between the two passes of a repair (ms); a real timer by default. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface RecountInput {
  /** The node whose subtree is recounted: itself (unless a unit) and every inner node below it. */
  rootId: string;
  fromDay: string;
  toDay: string;
  /** Writes corrections for the drift found (else only reports it). */
  repair?: boolean;
  /**
   * Time between the two passes of a repair (default 30 s): only drift that both passes find
   * identical, with the units' aggregates unchanged in between, is corrected.
   */
  settleMs?: number;
}

/** One node-day cell whose stored rollup differs from the recount. */
export interface DriftCell {
  cell: RollupCell;
  expectedResponses: number;
  storedResponses: number;
  /** expected − stored, counter by counter: the correction a repair adds. */
  delta: AggregateDelta;
}

export interface RecountReport {
  /** Inner nodes compared. */
  nodes: number;
  /** Cells compared (stored or expected). */
  cells: number;
  drift: DriftCell[];
  /** Cells corrected (repair only). */
  repaired: number;
  /** Drifting cells left alone because the two passes disagreed (changes in flight); a later run sees them. */
  unsettled: number;
}

interface Pass {
  nodes: number;
  cells: number;
  drift: Map<string, DriftCell>;
  /** Fingerprint of the units' aggregates read, per cell. */
  expected: Map<string, AggregateDelta>;
}

const isInner = (n: OrgNode) => n.kind !== 'unit' && n.kind !== 'servicePoint';

const deltaOf = (r: AggregateDelta): AggregateDelta => ({ responses: r.responses, questions: r.questions });

function cellOf(nodeId: string, r: AggregateRow | MatterAggregateRow): RollupCell {
  return {
    nodeId,
    day: r.day,
    questionnaireId: r.questionnaireId,
    version: r.version,
    ...('matterKey' in r ? { matter: { matter: r.matter, matterKey: r.matterKey } } : {}),
  };
}

function addTo(
  map: Map<string, { cell: RollupCell; delta: AggregateDelta }>,
  cell: RollupCell,
  d: AggregateDelta,
) {
  const k = cellKey(cell);
  const seen = map.get(k);
  map.set(k, { cell, delta: seen ? addDeltas(seen.delta, d) : d });
}

async function recountPass(deps: RecountDeps, q: RecountInput): Promise<Pass> {
  const root = (await deps.tree.getNodes([q.rootId])).get(q.rootId);
  if (!root) throw new Error(`no node ${q.rootId}`);
  const below = await deps.tree.descendants(root.path);
  const inner = [root, ...below].filter(isInner);
  const innerIds = new Set(inner.map((n) => n.id));
  const units = below.filter((n) => n.kind === 'unit');
  // 1. The expected figures: every unit's aggregates added to each inner node above it in the subtree.
  const expected = new Map<string, { cell: RollupCell; delta: AggregateDelta }>();
  await mapLimited(units, 16, async (u) => {
    const [daily, matters] = await Promise.all([
      deps.unitAggregates.dailyAggregates(u.id, q.fromDay, q.toDay),
      deps.unitAggregates.matterAggregates?.(u.id, q.fromDay, q.toDay) ?? Promise.resolve([]),
    ]);
    for (const nodeId of rollupAncestors(u.path).filter((id) => innerIds.has(id)))
      for (const r of [...daily, ...matters]) addTo(expected, cellOf(nodeId, r), deltaOf(r));
  });
  // 2. The stored rollups of every inner node, shards summed.
  const stored = new Map<string, { cell: RollupCell; delta: AggregateDelta }>();
  await mapLimited(inner, 8, async (n) => {
    const { daily, matters } = await deps.store.read(n.id, q.fromDay, q.toDay);
    for (const r of [...daily, ...matters]) addTo(stored, cellOf(n.id, r), deltaOf(r));
  });
  // 3. The difference, cell by cell.
  const drift = new Map<string, DriftCell>();
  const keys = new Set([...expected.keys(), ...stored.keys()]);
  const empty: AggregateDelta = { responses: 0, questions: {} };
  for (const k of keys) {
    const e = expected.get(k);
    const s = stored.get(k);
    const delta = deltaBetween(s?.delta ?? empty, e?.delta ?? empty);
    if (isZeroDelta(delta)) continue;
    drift.set(k, {
      cell: (e ?? s)!.cell,
      expectedResponses: e?.delta.responses ?? 0,
      storedResponses: s?.delta.responses ?? 0,
      delta,
    });
  }
  return {
    nodes: inner.length,
    cells: keys.size,
    drift,
    expected: new Map([...expected].map(([k, v]) => [k, v.delta])),
  };
}

const same = (a: AggregateDelta | undefined, b: AggregateDelta | undefined) =>
  isZeroDelta(deltaBetween(a ?? { responses: 0, questions: {} }, b ?? { responses: 0, questions: {} }));

/**
 * 1. Reads the subtree (one paged Query), every unit's daily and 事项 aggregates over the days, and
 *    every inner node's rollups; folds the units into each inner node above them.
 * 2. Reports each node-day cell where the stored rollup differs from the fold.
 * 3. With `repair`: waits `settleMs` and recounts again. A cell is corrected only when both passes
 *    found the same drift and the same unit figures, so a change still on its way through the
 *    stream (which would move the stored rollup, or the units, between the passes) is not counted
 *    twice. The correction (expected − stored) is added to one shard; a run after it finds zero.
 *    Should a stream record still land after a correction, the next run finds the opposite drift and
 *    takes it back: runs converge on the units' figures.
 */
export async function recountRollups(deps: RecountDeps, q: RecountInput): Promise<RecountReport> {
  const first = await recountPass(deps, q);
  const report: RecountReport = {
    nodes: first.nodes,
    cells: first.cells,
    drift: [...first.drift.values()],
    repaired: 0,
    unsettled: 0,
  };
  if (!q.repair || first.drift.size === 0) return report;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((ok) => setTimeout(ok, ms)));
  await sleep(q.settleMs ?? 30_000);
  const second = await recountPass(deps, q);
  for (const [k, d] of first.drift) {
    const again = second.drift.get(k);
    if (!again || !same(again.delta, d.delta) || !same(first.expected.get(k), second.expected.get(k))) {
      report.unsettled++;
      continue;
    }
    await deps.store.correct({ cell: d.cell, shard: pickRollupShard(deps.random), delta: d.delta });
    report.repaired++;
  }
  return report;
}
