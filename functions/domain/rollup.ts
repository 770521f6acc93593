/**
 * Per-day rollups of the org tree's inner nodes (county, city, province …): the sum of their
 * units' daily aggregates, kept from the changes of those aggregates so that a subtree's figures
 * are read from a handful of items instead of one Query per unit. Pure arithmetic; the stream
 * consumer and the recount job (services/rollups) use it.
 */
import { type AggregateDelta, addDeltas } from './aggregate';
import { negateDelta } from './cases/exclusion';

/**
 * Shards of one node's rollup, each its own partition key; the stream consumer writes one shard
 * per transaction (README, "Capacity model", has the write rates and conflict figures).
 */
export const ROLLUP_SHARDS = 4;

/** A shard drawn uniformly; `random` returns [0, 1) like Math.random. */
export const pickRollupShard = (random: () => number = Math.random): number =>
  Math.min(ROLLUP_SHARDS - 1, Math.floor(random() * ROLLUP_SHARDS));

/** The inner nodes a unit's figures roll up into: every node on its path above it. */
export const rollupAncestors = (unitPath: string): string[] => unitPath.split('/').slice(0, -1);

/** `after − before`, counter by counter (a missing counter is 0). */
export const deltaBetween = (before: AggregateDelta, after: AggregateDelta): AggregateDelta =>
  addDeltas(after, negateDelta(before));

/** True when no counter moves. */
export function isZeroDelta(d: AggregateDelta): boolean {
  if (d.responses !== 0) return false;
  for (const q of Object.values(d.questions)) {
    if (q.n !== 0 || (q.sum ?? 0) !== 0 || (q.sumSq ?? 0) !== 0) return false;
    if (Object.values(q.levels ?? {}).some((c) => (c ?? 0) !== 0)) return false;
    if (Object.values(q.options ?? {}).some((c) => c !== 0)) return false;
  }
  return true;
}

export const EMPTY_DELTA: AggregateDelta = { responses: 0, questions: {} };

/** What a rollup cell is: one node's figures of one day, questionnaire version and (optionally) 事项. */
export interface RollupCell {
  nodeId: string;
  day: string;
  questionnaireId: string;
  version: number;
  matter?: { matter: string; matterKey: string };
}

/** A stable identity of a cell, to merge shards and compare a recount with the stored rollup. */
export const cellKey = (c: RollupCell): string =>
  [c.nodeId, c.day, c.questionnaireId, c.version, c.matter?.matterKey ?? ''].join('\u0000');
