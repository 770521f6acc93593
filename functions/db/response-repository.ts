/** Responses table: responses, idempotency records, receipts and daily aggregates. */
import {
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type QueryCommandInput,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { AggregateDelta, QuestionDelta } from '../domain/aggregate';
import type {
  NewSubmission,
  SaveSubmissionOutcome,
  StoredSubmission,
  SubmissionStore,
} from '../services/ports';
import { withDbErrors } from './errors';
import { fromItem, toItem } from './item';
import { directoryKeys } from './keys/directory';
import { aggregateAttr, responseKeys } from './keys/responses';

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

function buildAggregateUpdate(
  table: string,
  nodeId: string,
  nodeKind: 'servicePoint' | 'unit',
  s: NewSubmission,
): TransactWriteItem {
  const counters = Object.entries(aggregateCounters(s.delta));
  const names: Record<string, string> = {
    '#entity': 'entity',
    '#node': 'nodeId',
    '#kind': 'nodeKind',
    '#day': 'day',
  };
  const values: Record<string, unknown> = { ':entity': 'DailyAggregate', ':node': nodeId, ':kind': nodeKind };
  values[':day'] = s.day;
  values[':q'] = s.questionnaireId;
  values[':v'] = s.version;
  const adds = counters.map(([attr, by], i) => {
    names[`#c${i}`] = attr;
    values[`:c${i}`] = by;
    return `#c${i} :c${i}`;
  });
  return {
    Update: {
      TableName: table,
      Key: toItem(responseKeys.dailyAggregate(nodeId, s.day, s.questionnaireId, s.version)),
      UpdateExpression: `SET #entity = :entity, #node = :node, #kind = :kind, #day = :day, questionnaireId = :q, version = :v ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: toItem(values),
    },
  };
}

/**
 * One transaction, so a retry or a crash can neither double nor lose a count:
 * 0. the QR token is still active (condition check, so a revoked code stops counting at once);
 * 1. the idempotency record is new;
 * 2. the response; 3. its receipt;
 * 4–5. the daily aggregates of the service point and of its unit.
 */
export function buildSaveSubmissionInput(
  tables: { responses: string; directory: string },
  s: NewSubmission,
): TransactWriteItemsCommandInput {
  const { delta: _delta, ...response } = s;
  const stored: StoredSubmission = {
    responseId: s.responseId,
    receipt: s.receipt,
    submittedAt: s.submittedAt,
    contentHash: s.contentHash,
  };
  return {
    TransactItems: [
      {
        ConditionCheck: {
          TableName: tables.directory,
          Key: toItem(directoryKeys.qrToken(s.tokenId)),
          ConditionExpression: '#status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: toItem({ ':active': 'active' }),
        },
      },
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
      buildAggregateUpdate(tables.responses, s.servicePointId, 'servicePoint', s),
      buildAggregateUpdate(tables.responses, s.unitId, 'unit', s),
    ],
  };
}

export class ResponseRepository implements SubmissionStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tables: { responses: string; directory: string },
  ) {}

  async saveSubmission(s: NewSubmission): Promise<SaveSubmissionOutcome> {
    try {
      await withDbErrors(() =>
        this.client.send(new TransactWriteItemsCommand(buildSaveSubmissionInput(this.tables, s))),
      );
      return 'created';
    } catch (err) {
      const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if (reasons?.[0]?.Code === 'ConditionalCheckFailed') return 'tokenRevoked';
      if (reasons?.[1]?.Code === 'ConditionalCheckFailed') return 'alreadyExists';
      throw err;
    }
  }

  /** The daily aggregates of one node between two service days, inclusive. */
  async dailyAggregates(nodeId: string, fromDay: string, toDay: string): Promise<DailyAggregate[]> {
    const out: DailyAggregate[] = [];
    let input = buildDailyAggregatesQuery(this.tables.responses, nodeId, fromDay, toDay);
    for (;;) {
      const page = await withDbErrors(() => this.client.send(new QueryCommand(input)));
      for (const item of page.Items ?? []) out.push(parseAggregate(fromItem(item)));
      if (!page.LastEvaluatedKey) return out;
      input = { ...input, ExclusiveStartKey: page.LastEvaluatedKey };
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
