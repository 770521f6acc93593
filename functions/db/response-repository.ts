/** Responses table: responses, idempotency records, receipts and daily aggregates. */
import {
  type DynamoDBClient,
  GetItemCommand,
  type GetItemCommandInput,
  QueryCommand,
  type QueryCommandInput,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { type AggregateDelta, addDeltas, pickAggregateShard, type QuestionDelta } from '../domain/aggregate';
import { AltchaFailedError, BallotUsedError } from '../domain/integrity/errors';
import type { TransactionRef } from '../domain/integrity/transaction-ballot';
import type { CheckedSubmission } from '../services/integrity/ports';
import type {
  NewSubmission,
  SaveSubmissionOutcome,
  StoredSubmission,
  SubmissionStore,
} from '../services/ports';
import type {
  MatterAggregateRow,
  ResponseFilters,
  ResponseReader,
  ResponseRecord,
  ResponseWindow,
  UnitResponsesPage,
} from '../services/responses/ports';
import { conditionFailed } from './cancellation';
import {
  DEFAULT_CONFLICT_RETRY,
  type RetryClock,
  type RetryPolicy,
  realRetryClock,
  retryOnConflict,
} from './conflict-retry';
import { withDbErrors } from './errors';
import { buildIntegrityItems, buildQuarantineUpdate, integritySlots } from './integrity-transaction';
import { fromItem, toItem } from './item';
import { aggregateAttr, responseKeys } from './keys/responses';
import { queryAll } from './paginate';
import { buildVisitReturnUpdate } from './visit-qr-items';

/** A stored daily aggregate: the sum of the deltas of every counted response that day. */
export interface DailyAggregate extends AggregateDelta {
  nodeId: string;
  day: string;
  questionnaireId: string;
  version: number;
}

/** Folds flat counter attributes back into per-question counters. */
export function parseAggregate(raw: Record<string, unknown>): DailyAggregate {
  const questions: Record<string, QuestionDelta> = {};
  for (const [attr, value] of Object.entries(raw)) {
    const m = /^q\.([^.]+)\.(n|sum|sumSq|l([1-5])|o\.(.+))$/.exec(attr);
    if (!m || typeof value !== 'number') continue;
    const q = questions[m[1]!] ?? { n: 0 };
    questions[m[1]!] = q;
    if (m[2] === 'n') q.n = value;
    else if (m[2] === 'sum') q.sum = value;
    else if (m[2] === 'sumSq') q.sumSq = value;
    else if (m[3]) q.levels = { ...q.levels, [Number(m[3])]: value };
    else if (m[4]) q.options = { ...q.options, [m[4]]: value };
  }
  return {
    nodeId: String(raw.nodeId),
    day: String(raw.day),
    questionnaireId: String(raw.questionnaireId),
    version: Number(raw.version),
    responses: Number(raw.responses ?? 0),
    questions,
  };
}

export const buildDailyAggregatesQuery = (
  table: string,
  nodeId: string,
  fromDay: string,
  toDay: string,
): QueryCommandInput => {
  const range = responseKeys.dailyAggregateRange(nodeId, fromDay, toDay);
  return {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: toItem({ ':pk': range.pk, ':from': range.from, ':to': range.to }),
  };
};

/**
 * Sums the stored shards of each (node, day, questionnaire version) into one aggregate, in the
 * order first seen (the Query's day order).
 */
export function mergeAggregateShards(shards: readonly DailyAggregate[]): DailyAggregate[] {
  const merged = new Map<string, DailyAggregate>();
  for (const a of shards) {
    const key = `${a.nodeId}\u0000${a.day}\u0000${a.questionnaireId}\u0000${a.version}`;
    const seen = merged.get(key);
    merged.set(key, seen ? { ...seen, ...addDeltas(seen, a) } : a);
  }
  return [...merged.values()];
}

/** Flattens a delta into counter attributes: every counter is a top-level number, so `ADD` needs no parent map. */
export function aggregateCounters(delta: AggregateDelta): Record<string, number> {
  const counters: Record<string, number> = { [aggregateAttr.responses]: delta.responses };
  for (const [q, d] of Object.entries(delta.questions)) {
    counters[aggregateAttr.n(q)] = d.n;
    if (d.sum !== undefined) counters[aggregateAttr.sum(q)] = d.sum;
    if (d.sumSq !== undefined) counters[aggregateAttr.sumSq(q)] = d.sumSq;
    for (const [level, c] of Object.entries(d.levels ?? {})) counters[aggregateAttr.level(q, level)] = c ?? 0;
    for (const [option, c] of Object.entries(d.options ?? {})) counters[aggregateAttr.option(q, option)] = c;
  }
  return counters;
}

/** An `ADD` of a delta's counters to one aggregate item (or node rollup), setting the item's descriptive attributes. */
export function buildCounterUpdate(
  table: string,
  key: { pk: string; sk: string },
  describe: Record<string, string | number>,
  delta: AggregateDelta,
): TransactWriteItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(describe).map(([attr, value], i) => {
    names[`#d${i}`] = attr;
    values[`:d${i}`] = value;
    return `#d${i} = :d${i}`;
  });
  const adds = Object.entries(aggregateCounters(delta)).map(([attr, by], i) => {
    names[`#c${i}`] = attr;
    values[`:c${i}`] = by;
    return `#c${i} :c${i}`;
  });
  return {
    Update: {
      TableName: table,
      Key: toItem(key),
      UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: toItem(values),
    },
  };
}

/** An `ADD` of the submission's delta to one daily aggregate shard of a node (window or unit). */
export function buildAggregateUpdate(
  table: string,
  nodeId: string,
  nodeKind: 'servicePoint' | 'unit',
  s: NewSubmission,
): TransactWriteItem {
  return buildCounterUpdate(
    table,
    responseKeys.dailyAggregate(nodeId, s.day, s.questionnaireId, s.version, {
      servicePointId: s.servicePointId,
      shard: s.aggregateShard,
    }),
    {
      entity: 'DailyAggregate',
      nodeId,
      nodeKind,
      day: s.day,
      questionnaireId: s.questionnaireId,
      version: s.version,
    },
    s.delta,
  );
}

/** The unit's per-事项 aggregate shard a transaction ballot adds to (same window and shard as its daily one). */
export function buildMatterAggregateUpdate(
  table: string,
  s: NewSubmission,
  t: TransactionRef,
  delta: AggregateDelta = s.delta,
): TransactWriteItem {
  return buildCounterUpdate(
    table,
    responseKeys.matterAggregate(s.unitId, s.day, t.matterKey, s.questionnaireId, s.version, {
      servicePointId: s.servicePointId,
      shard: s.aggregateShard,
    }),
    {
      entity: 'MatterAggregate',
      nodeId: s.unitId,
      day: s.day,
      questionnaireId: s.questionnaireId,
      version: s.version,
      matter: t.matter,
      matterKey: t.matterKey,
    },
    delta,
  );
}

/**
 * One transaction, so a retry or a crash can neither double nor lose a count. It touches no item
 * that a submission at another window touches (the code's and the version's status are read
 * before it, not checked in it, since every ballot at a window, or in the province, shares them):
 * 0. the idempotency record is new;
 * 1. the response (with its integrity verdict, if checked, and its aggregate shard); 2. its receipt;
 * 3–4. one shard of the daily aggregates of the service point and of its unit (the unit's items
 *    are kept per window), or, for a quarantined ballot, one quarantine counter instead, so
 *    official figures never include it;
 * then, for a submission through a visit's code, the visit's counter (visit-qr-items.ts);
 * 6… the completion histogram, the one-time token burn and the ALTCHA spend
 *    (integrity-transaction.ts); the quiet-limit counters were written before, outside it.
 */
export function buildSaveSubmissionInput(
  tables: { responses: string },
  s: CheckedSubmission,
): TransactWriteItemsCommandInput {
  const { delta: _delta, integrity: w, ...response } = s;
  const checked = w && {
    integrity: w.verdict,
    ballotKind: w.ballotKind,
    deviceHash: w.counters.deviceHash,
    network: w.counters.network,
    // Which counters the ballot went into, so a pattern found later can find its first ballots.
    integrityCounters: w.counters,
    transaction: w.transaction,
  };
  const counting = w?.verdict.quarantined
    ? [buildQuarantineUpdate(tables.responses, s, w)]
    : [
        buildAggregateUpdate(tables.responses, s.servicePointId, 'servicePoint', s),
        buildAggregateUpdate(tables.responses, s.unitId, 'unit', s),
        ...(w?.transaction ? [buildMatterAggregateUpdate(tables.responses, s, w.transaction)] : []),
      ];
  const stored: StoredSubmission = {
    responseId: s.responseId,
    receipt: s.receipt,
    submittedAt: s.submittedAt,
    contentHash: s.contentHash,
  };
  return {
    TransactItems: [
      {
        Put: {
          TableName: tables.responses,
          Item: toItem({
            ...responseKeys.submission(s.servicePointId, s.submissionId),
            entity: 'Submission',
            ...stored,
          }),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: tables.responses,
          Item: toItem({
            ...responseKeys.response(s.responseId),
            ...responseKeys.responseOfUnit(s.unitId, s.submittedAt, s.responseId),
            entity: 'Response',
            ...response,
            ...checked,
          }),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: tables.responses,
          Item: toItem({ ...responseKeys.receipt(s.receipt), entity: 'Receipt', responseId: s.responseId }),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...counting,
      // One more questionnaire back on the visit whose code was scanned. Before the
      // integrity items, whose positions are counted from the end.
      ...(s.visitId
        ? [buildVisitReturnUpdate(tables.responses, s.visitId, w?.verdict.quarantined === true)]
        : []),
      ...(w ? buildIntegrityItems(tables.responses, s, w) : []),
    ],
  };
}

// ---- Console reads: a unit's responses through gsi1, and one response. ----

/**
 * One page of a unit's responses, newest first, inside a window and with the list filters.
 * The filters run after the key condition, so `Limit` bounds the items evaluated, not returned.
 */
export function buildUnitResponsesQuery(
  table: string,
  unitId: string,
  window: ResponseWindow,
  filters: ResponseFilters,
  page: { size: number; startKey?: Record<string, unknown> },
): QueryCommandInput {
  const upper =
    typeof window.upTo === 'string'
      ? responseKeys.unitResponsePosition(window.upTo)
      : responseKeys.unitResponsePosition(window.upTo.submittedAt, window.upTo.responseId);
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {
    ':pk': responseKeys.unitResponses(unitId),
    ':from': responseKeys.unitResponsePosition(window.since),
    ':to': upper,
  };
  const conditions: string[] = [];
  const add = (attr: string, op: string, value: unknown) => {
    names[`#${attr}`] = attr;
    values[`:${attr}`] = value;
    conditions.push(`#${attr} ${op} :${attr}`);
  };
  if (filters.questionnaireId !== undefined) add('questionnaireId', '=', filters.questionnaireId);
  if (filters.servicePointId !== undefined) add('servicePointId', '=', filters.servicePointId);
  if (filters.hasComment !== undefined) add('hasComment', '=', filters.hasComment);
  if (filters.level !== undefined) add('lowestLevel', '=', filters.level);
  else if (filters.maxLevel !== undefined) add('lowestLevel', '<=', filters.maxLevel);
  return {
    TableName: table,
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
    ...(conditions.length > 0
      ? { FilterExpression: conditions.join(' AND '), ExpressionAttributeNames: names }
      : {}),
    ExpressionAttributeValues: toItem(values),
    ScanIndexForward: false,
    Limit: page.size,
    ...(page.startKey ? { ExclusiveStartKey: toItem(page.startKey) } : {}),
  };
}

export const buildGetResponseInput = (table: string, responseId: string): GetItemCommandInput => ({
  TableName: table,
  Key: toItem(responseKeys.response(responseId)),
});

/** What the console may see of a stored response. */
const CONSOLE_FIELDS = [
  'responseId',
  'servicePointId',
  'unitId',
  'questionnaireId',
  'version',
  'answers',
  'locale',
  'startedAt',
  'submittedAt',
  'day',
  'receipt',
  'lowestLevel',
  'hasComment',
] as const satisfies readonly (keyof ResponseRecord)[];

/**
 * Keeps only the fields the console shows. A list of what to keep, not of what to drop, so
 * whatever later lands on the item (token ids, device hashes, contact data) never leaks here.
 */
function toResponseRecord(raw: Record<string, unknown>): ResponseRecord {
  return Object.fromEntries(
    CONSOLE_FIELDS.filter((f) => raw[f] !== undefined).map((f) => [f, raw[f]]),
  ) as unknown as ResponseRecord;
}

// ---- End of the console read builders. ----

/**
 * The submit path's writes and reads: what a citizen's ballot needs. {@link ResponseRepository}
 * adds the console's and the jobs' reads, so that the public function does not bundle them.
 */
export class SubmissionRepository implements SubmissionStore {
  constructor(
    protected readonly client: DynamoDBClient,
    protected readonly tables: { responses: string; directory: string },
    private readonly conflictRetry: RetryPolicy = DEFAULT_CONFLICT_RETRY,
    private readonly retryClock: RetryClock = realRetryClock,
  ) {}

  /**
   * Sends the one transaction, again (with a fresh aggregate shard) while a concurrent transaction
   * holding one of its items cancels it (see conflict-retry.ts): a cancelled transaction wrote
   * nothing, and the idempotency record keeps a ballot from counting twice whatever happens.
   * A cancelled one-time burn (used or expired in between) and a spent ALTCHA challenge become
   * domain errors here; an idempotent replay is reported first, so a retried one-time ballot
   * still gets its receipt.
   */
  async saveSubmission(s: CheckedSubmission): Promise<SaveSubmissionOutcome> {
    let input = buildSaveSubmissionInput(this.tables, s);
    try {
      await withDbErrors(() =>
        retryOnConflict(
          (n) => {
            if (n > 0)
              input = buildSaveSubmissionInput(this.tables, { ...s, aggregateShard: pickAggregateShard() });
            return this.client.send(new TransactWriteItemsCommand(input));
          },
          this.conflictRetry,
          this.retryClock,
        ),
      );
      return 'created';
    } catch (err) {
      const failed = (i: number | undefined) => i !== undefined && conditionFailed(err, i);
      if (failed(0)) return 'alreadyExists';
      const slots = integritySlots(input.TransactItems?.length ?? 0, s.integrity);
      if (failed(slots.oneTime)) throw new BallotUsedError();
      if (failed(slots.altcha)) throw new AltchaFailedError();
      throw err;
    }
  }

  /** Strongly consistent, because it is read right after a conflicting write. */
  async getSubmission(servicePointId: string, submissionId: string): Promise<StoredSubmission | undefined> {
    const out = await withDbErrors(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tables.responses,
          Key: toItem(responseKeys.submission(servicePointId, submissionId)),
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item ? fromItem<StoredSubmission>(out.Item) : undefined;
  }
}

/** Responses table for the console and the jobs: the submit path and their reads. */
export class ResponseRepository extends SubmissionRepository implements ResponseReader {
  /**
   * The daily aggregates of one node between two service days, inclusive: one per day and
   * questionnaire version, each the sum of its shards (one Query, paged).
   */
  async dailyAggregates(nodeId: string, fromDay: string, toDay: string): Promise<DailyAggregate[]> {
    const items = await queryAll(
      this.client,
      buildDailyAggregatesQuery(this.tables.responses, nodeId, fromDay, toDay),
    );
    return mergeAggregateShards(items.map((item) => parseAggregate(fromItem(item))));
  }

  /** A unit's 事项 aggregates over a period: one paged Query, shards summed per matter, day and version. */
  async matterAggregates(unitId: string, fromDay: string, toDay: string): Promise<MatterAggregateRow[]> {
    const range = responseKeys.matterAggregateRange(unitId, fromDay, toDay);
    const merged = new Map<string, MatterAggregateRow>();
    const items = await queryAll(this.client, {
      TableName: this.tables.responses,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: toItem({ ':pk': range.pk, ':from': range.from, ':to': range.to }),
    });
    for (const item of items) {
      const raw = fromItem<Record<string, unknown>>(item);
      const a = { ...parseAggregate(raw), matter: String(raw.matter), matterKey: String(raw.matterKey) };
      const key = `${a.matterKey}\u0000${a.day}\u0000${a.questionnaireId}\u0000${a.version}`;
      const seen = merged.get(key);
      merged.set(key, seen ? { ...seen, ...addDeltas(seen, a) } : a);
    }
    return [...merged.values()];
  }

  /** One page of a unit's responses, newest first (see buildUnitResponsesQuery). */
  async listByUnit(
    unitId: string,
    window: ResponseWindow,
    filters: ResponseFilters,
    page: { size: number; startKey?: Record<string, unknown> },
  ): Promise<UnitResponsesPage> {
    const input = buildUnitResponsesQuery(this.tables.responses, unitId, window, filters, page);
    const out = await withDbErrors(() => this.client.send(new QueryCommand(input)));
    const items = (out.Items ?? []).map((i) => toResponseRecord(fromItem(i)));
    if (!out.LastEvaluatedKey) return { items };
    const nextKey = unmarshall(out.LastEvaluatedKey);
    const lastEvaluated = responseKeys.parseUnitResponsePosition(String(nextKey.gsi1sk ?? ''));
    return { items, nextKey, lastEvaluated };
  }

  /** One response by id, or undefined (also for an id that names another kind of item). */
  async getResponse(responseId: string): Promise<ResponseRecord | undefined> {
    const out = await withDbErrors(() =>
      this.client.send(new GetItemCommand(buildGetResponseInput(this.tables.responses, responseId))),
    );
    if (out.Item?.entity?.S !== 'Response') return undefined;
    return toResponseRecord(fromItem(out.Item));
  }
}
