/** Use case: keeping the node rollups from the changes of the units' aggregates on the Responses stream. */
import type { AggregateDelta } from '../../domain/aggregate';
import {
  deltaBetween,
  isZeroDelta,
  pickRollupShard,
  type RollupCell,
  rollupAncestors,
} from '../../domain/rollup';
import type { QuestionnaireVersion } from '../../schemas/questionnaire';
import type { Answers } from '../../schemas/submission';
import { firstComment, preview } from '../responses/comment';
import type { RollupChange, RollupStore } from './ports';

/**
 * A stream record as the rollups read it (db/rollup-stream-records.ts builds it from the SDK's
 * images): a unit's aggregate item before and after the write, or a new commented response.
 */
export type RollupSource =
  | {
      kind: 'aggregate';
      eventId: string;
      unitId: string;
      cell: Omit<RollupCell, 'nodeId'>;
      before: AggregateDelta;
      after: AggregateDelta;
    }
  | {
      kind: 'comment';
      eventId: string;
      unitId: string;
      responseId: string;
      submittedAt: string;
      questionnaireId: string;
      version: number;
      answers: Answers;
    };

export interface ApplyRollupDeps {
  store: RollupStore;
  /** The unit's materialised path (cached by the caller; units keep their place in the tree). */
  unitPath(unitId: string): Promise<string | undefined>;
  getVersion(questionnaireId: string, version: number): Promise<QuestionnaireVersion | undefined>;
  random?: () => number;
}

export interface ApplyRollupReport {
  applied: number;
  /** Changes whose applied-mark was already there: redelivered records. */
  replayed: number;
  comments: number;
  /** Records of units no longer in the tree: left to the recount. */
  orphaned: number;
}

/**
 * 1. For each change of a unit's daily or 事项 aggregate: the difference of its counters (after −
 *    before), added to the same cell of every node above the unit (in a shard drawn at random;
 *    the store may write a whole run into one shard it draws itself).
 *    Every count change a unit's figures get (submission, quarantine, release, upheld appeal,
 *    withdrawal, and whatever moves them later) reaches the rollups this way, without the use
 *    case knowing of them.
 * 2. All changes of the batch go to the store, which applies each with its record's mark (once).
 * 3. A new commented response: a pointer (with the comment's preview) under every node above its
 *    unit, for the dashboard's newest comments; a put of the same item, so a replay is harmless.
 */
export async function applyRollupSources(
  deps: ApplyRollupDeps,
  sources: readonly RollupSource[],
): Promise<ApplyRollupReport> {
  const changes: RollupChange[] = [];
  const report: ApplyRollupReport = { applied: 0, replayed: 0, comments: 0, orphaned: 0 };
  for (const s of sources) {
    const path = await deps.unitPath(s.unitId);
    if (!path) {
      report.orphaned++;
      continue;
    }
    const ancestors = rollupAncestors(path);
    if (s.kind === 'aggregate') {
      const delta = deltaBetween(s.before, s.after);
      if (isZeroDelta(delta)) continue;
      changes.push({
        eventId: s.eventId,
        additions: ancestors.map((nodeId) => ({
          cell: { ...s.cell, nodeId },
          shard: pickRollupShard(deps.random),
          delta,
        })),
      });
      continue;
    }
    const comment = firstComment((await deps.getVersion(s.questionnaireId, s.version))?.content, s.answers);
    if (comment === undefined) continue;
    for (const nodeId of ancestors) {
      await deps.store.putComment(nodeId, {
        responseId: s.responseId,
        submittedAt: s.submittedAt,
        comment: preview(comment),
      });
    }
    report.comments++;
  }
  report.applied = await deps.store.apply(changes);
  report.replayed = changes.length - report.applied;
  return report;
}
