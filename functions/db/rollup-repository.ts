/**
 * The node rollups in the Responses table: each stream record's changes go in one transaction with
 * the record's applied-mark, so a redelivered record adds nothing; reads are one Query per shard.
 */
import {
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { addDeltas } from '../domain/aggregate';
import type { AggregateRow } from '../domain/dashboard';
import { cellKey, pickRollupShard, ROLLUP_SHARDS, type RollupCell } from '../domain/rollup';
import type { MatterAggregateRow } from '../services/responses/ports';
import type {
  CommentPointer,
  NodeRollups,
  RollupAddition,
  RollupChange,
  RollupStore,
} from '../services/rollups/ports';
import { conditionFailed } from './cancellation';
import { type RetryPolicy, retryOnConflict } from './conflict-retry';
import { dbError, withDbErrors } from './errors';
import { fromItem, toItem } from './item';
import { rollupKeys } from './keys/rollups';
import { queryAll } from './paginate';
import { buildCounterUpdate, parseAggregate } from './response-repository';

/** Days an applied-mark is kept: the stream keeps records 24 h, so a redelivery always finds it. */
const APPLIED_MARK_DAYS = 3;
/** DynamoDB's limit of items in one transaction. */
const MAX_TRANSACTION_ITEMS = 100;

/**
 * Retries of a run cancelled by a concurrent consumer's transaction on a shared rollup shard
 * (another stream shard's invocation): each attempt draws the run's shard again. Well inside the
 * stream consumer's 60 s; past it the batch fails and Lambda delivers it again.
 */
export const ROLLUP_CONFLICT_RETRY: RetryPolicy = {
  attempts: 10,
  baseMs: 20,
  capMs: 1_000,
  budgetMs: 15_000,
};

const keyOf = (c: RollupCell, shard: number) =>
  c.matter
    ? rollupKeys.matter(c.nodeId, shard, c.day, c.matter.matterKey, c.questionnaireId, c.version)
    : rollupKeys.daily(c.nodeId, shard, c.day, c.questionnaireId, c.version);

/** The ADD of one addition to its rollup shard item. */
export function buildRollupUpdate(table: string, a: RollupAddition): TransactWriteItem {
  const c = a.cell;
  return buildCounterUpdate(
    table,
    keyOf(c, a.shard),
    {
      entity: c.matter ? 'MatterRollup' : 'Rollup',
      nodeId: c.nodeId,
      day: c.day,
      questionnaireId: c.questionnaireId,
      version: c.version,
      ...(c.matter ? { matter: c.matter.matter, matterKey: c.matter.matterKey } : {}),
    },
    a.delta,
  );
}

/**
 * One transaction for a run of changes: each record's applied-mark (new only), then the additions
 * summed per rollup cell into the run's one shard, so a busy node's cell is written once per run,
 * not once per ballot, and two runs in flight at once share an item only when they drew the same
 * shard (README, "Capacity model", has the conflict figures).
 */
export function buildApplyInput(
  table: string,
  changes: readonly RollupChange[],
  nowSeconds: number,
  shard: number,
) {
  const merged = mergeByCell(changes, shard);
  const marks: TransactWriteItem[] = changes.map((ch) => ({
    Put: {
      TableName: table,
      Item: toItem({
        ...rollupKeys.applied(ch.eventId),
        entity: 'RollupApplied',
        expiresAt: nowSeconds + APPLIED_MARK_DAYS * 86_400,
      }),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  }));
  return { TransactItems: [...marks, ...merged.map((a) => buildRollupUpdate(table, a))] };
}

/** The additions of `changes` summed per cell, all into `shard`. */
function mergeByCell(changes: readonly RollupChange[], shard: number): RollupAddition[] {
  const merged = new Map<string, RollupAddition>();
  for (const ch of changes) {
    for (const a of ch.additions) {
      const k = cellKey(a.cell);
      const seen = merged.get(k);
      merged.set(k, seen ? { ...seen, delta: addDeltas(seen.delta, a.delta) } : { ...a, shard });
    }
  }
  return [...merged.values()];
}

/**
 * Splits changes into runs of at most 100 transaction items: one mark per change plus one item
 * per distinct cell of the run.
 */
export function splitRuns(changes: readonly RollupChange[]): RollupChange[][] {
  const runs: RollupChange[][] = [];
  let run: RollupChange[] = [];
  const cells = new Set<string>();
  for (const ch of changes) {
    const fresh = ch.additions.map((a) => cellKey(a.cell)).filter((k) => !cells.has(k));
    if (run.length + 1 + cells.size + new Set(fresh).size > MAX_TRANSACTION_ITEMS && run.length > 0) {
      runs.push(run);
      run = [];
      cells.clear();
    }
    run.push(ch);
    for (const a of ch.additions) cells.add(cellKey(a.cell));
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

function parseRollup(item: Record<string, unknown>): AggregateRow | MatterAggregateRow {
  const row = parseAggregate(item);
  return item.matterKey === undefined
    ? row
    : { ...row, matter: String(item.matter), matterKey: String(item.matterKey) };
}

export class RollupRepository implements RollupStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
    private readonly retry: RetryPolicy = ROLLUP_CONFLICT_RETRY,
  ) {}

  async apply(changes: readonly RollupChange[]): Promise<number> {
    let applied = 0;
    for (const run of splitRuns(changes)) applied += await this.applyRun(run);
    return applied;
  }

  /** A run in one transaction; when a mark says a record was applied before, each record alone. */
  private async applyRun(run: readonly RollupChange[]): Promise<number> {
    const live = run.filter((ch) => ch.additions.length > 0);
    if (live.length === 0) return 0;
    try {
      await this.send(live);
      return live.length;
    } catch (err) {
      if (!conditionFailed(err)) throw err;
    }
    if (live.length === 1) return 0;
    let applied = 0;
    for (const ch of live) {
      try {
        await this.send([ch]);
        applied++;
      } catch (err) {
        if (!conditionFailed(err)) throw err;
      }
    }
    return applied;
  }

  /** Sends a run; a transaction conflict is retried with a shard drawn again. */
  private async send(run: readonly RollupChange[]): Promise<void> {
    await retryOnConflict(async () => {
      const input = buildApplyInput(this.table, run, Math.floor(this.now() / 1000), this.pickShard());
      await this.client.send(new TransactWriteItemsCommand(input));
    }, this.retry).catch((err: unknown) => {
      throw dbError(err);
    });
  }

  private pickShard(): number {
    return pickRollupShard(this.random);
  }

  async read(nodeId: string, fromDay: string, toDay: string): Promise<NodeRollups> {
    const range = rollupKeys.range(fromDay, toDay);
    const shards = await Promise.all(
      Array.from({ length: ROLLUP_SHARDS }, (_, shard) =>
        queryAll(this.client, {
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: toItem({
            ':pk': rollupKeys.shard(nodeId, shard),
            ':from': range.from,
            ':to': range.to,
          }),
        }),
      ),
    );
    const merged = new Map<string, AggregateRow | MatterAggregateRow>();
    for (const item of shards.flat()) {
      const row = parseRollup(fromItem<Record<string, unknown>>(item));
      const k = cellKey({ ...row, matter: 'matterKey' in row ? row : undefined });
      const seen = merged.get(k);
      merged.set(k, seen ? { ...seen, ...addDeltas(seen, row) } : row);
    }
    const rows = [...merged.values()].sort((a, b) => a.day.localeCompare(b.day));
    return {
      daily: rows.filter((r) => !('matterKey' in r)),
      matters: rows.filter((r): r is MatterAggregateRow => 'matterKey' in r),
    };
  }

  async correct(a: RollupAddition): Promise<void> {
    const { Update } = buildRollupUpdate(this.table, a);
    await withDbErrors(() => this.client.send(new UpdateItemCommand(Update!)));
  }

  async putComment(nodeId: string, p: CommentPointer): Promise<void> {
    await withDbErrors(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: toItem({
            ...rollupKeys.comment(nodeId, p.submittedAt, p.responseId),
            entity: 'CommentPointer',
            ...p,
          }),
        }),
      ),
    );
  }

  async recentComments(
    nodeId: string,
    since: string,
    until: string,
    limit: number,
  ): Promise<CommentPointer[]> {
    const out = await withDbErrors(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.table,
          // `until` is a bare instant: it sorts before every pointer submitted at that instant.
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :since AND :until',
          ExpressionAttributeValues: toItem({
            ':pk': rollupKeys.comments(nodeId),
            ':since': since,
            ':until': until,
          }),
          ScanIndexForward: false,
          Limit: limit,
        }),
      ),
    );
    return (out.Items ?? []).map((i) => {
      const p = fromItem<CommentPointer>(i);
      return { responseId: p.responseId, submittedAt: p.submittedAt, comment: p.comment };
    });
  }
}
