/** Ports of the node rollups: the store the stream consumer, the recount job and the dashboard use. */
import type { AggregateDelta } from '../../domain/aggregate';
import type { AggregateRow } from '../../domain/dashboard';
import type { RollupCell } from '../../domain/rollup';
import type { MatterAggregateRow } from '../responses/ports';

/** One cell's change, to be added to one shard of its node's rollup. */
export interface RollupAddition {
  cell: RollupCell;
  shard: number;
  delta: AggregateDelta;
}

/** The rollup changes one stream record causes, applied once whatever the redeliveries. */
export interface RollupChange {
  /** The stream record's id: a change is applied with the mark of its id, never twice. */
  eventId: string;
  additions: RollupAddition[];
}

/** A commented response below a node, as the dashboard lists it. */
export interface CommentPointer {
  responseId: string;
  submittedAt: string;
  comment: string;
}

/** A node's rollups over a period, shards summed: per day and version, and per 事项. */
export interface NodeRollups {
  daily: AggregateRow[];
  matters: MatterAggregateRow[];
}

export interface RollupStore {
  /**
   * Applies changes, each addition to one shard of its cell (the store may choose the shard: any
   * shard gives the same sum); returns how many were new (the others had been applied before).
   */
  apply(changes: readonly RollupChange[]): Promise<number>;
  read(nodeId: string, fromDay: string, toDay: string): Promise<NodeRollups>;
  /** Adds a correction to a cell (the recount's repair), outside any stream record. */
  correct(addition: RollupAddition): Promise<void>;
  putComment(nodeId: string, pointer: CommentPointer): Promise<void>;
  /** The newest pointers submitted in [since, until), newest first. */
  recentComments(nodeId: string, since: string, until: string, limit: number): Promise<CommentPointer[]>;
}
