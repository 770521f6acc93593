/** Follow-up cases, their timelines, contacts, appeals and visits, in the Responses table. */
import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { AuditEntry } from '../domain/audit';
import { escalationDueDay } from '../domain/cases/due-day';
import { VersionConflictError } from '../domain/cases/errors';
import { inboxNodeIds } from '../domain/cases/inbox';
import type { FollowUpCase, TimelineEvent } from '../domain/cases/model';
import type { Visit, VisitQr } from '../domain/cases/visit';
import { ConflictError } from '../domain/errors';
import type {
  Appeal,
  CaseDetail,
  CaseStore,
  ExclusionWrite,
  OpenCaseWrite,
  ResponseForExclusion,
  StoredContact,
  VisitStore,
} from '../services/cases/ports';
import type { NewSubmission, QrTokenRecord } from '../services/ports';
import { buildAuditPut } from './audit-repository';
import { conditionFailed } from './cancellation';
import { withDbErrors } from './errors';
import { fromItem, isConditionalCheckFailed, toItem } from './item';
import { caseKeys, DUE_SHARDS } from './keys/cases';
import { responseKeys } from './keys/responses';
import { queryAll } from './paginate';
import { aggregateCounters, buildMatterAggregateUpdate } from './response-repository';
import { buildIssueVisitQrItems } from './visit-qr-items';

export interface CaseTables {
  responses: string;
  /** Absent for read-only uses (the public receipt lookup). */
  audit?: string;
  /** Where QR tokens live; needed to issue a visit's code. */
  directory?: string;
}

const provinceOf = (path: string) => path.split('/')[0]!;

/** The escalation-index keys of a case that still has a deadline to watch (none otherwise). */
const dueKeys = (c: FollowUpCase) => {
  const day = escalationDueDay(c);
  return day === undefined ? {} : caseKeys.dueForEscalation(c.id, day, c.unitId);
};

const caseItem = (c: FollowUpCase) =>
  toItem({ ...caseKeys.case(c.id), ...dueKeys(c), entity: 'FollowUpCase', ...c });

/** The case's copy in one node's inbox. */
const inboxPut = (table: string, nodeId: string, c: FollowUpCase): TransactWriteItem => ({
  Put: {
    TableName: table,
    Item: toItem({ ...caseKeys.inboxRow(nodeId, c.openedAt, c.id), entity: 'CaseInboxRow', ...c }),
  },
});

/**
 * The inbox rows of a case as it is now: written in every inbox that lists it, deleted from the
 * inboxes of `previous` that no longer do (a hand-over that moved on).
 */
export function inboxWrites(table: string, next: FollowUpCase, previous?: FollowUpCase): TransactWriteItem[] {
  const now = inboxNodeIds(next);
  const gone = previous ? inboxNodeIds(previous).filter((id) => !now.includes(id)) : [];
  return [
    ...now.map((id) => inboxPut(table, id, next)),
    ...gone.map((id) => ({
      Delete: { TableName: table, Key: toItem(caseKeys.inboxRow(id, next.openedAt, next.id)) },
    })),
  ];
}

const eventPuts = (
  table: string,
  version: number,
  events: Omit<TimelineEvent, 'seq'>[],
): TransactWriteItem[] =>
  events.map((e, i) => ({
    Put: {
      TableName: table,
      Item: toItem({
        ...caseKeys.event(e.caseId, version, i),
        entity: 'CaseEvent',
        ...e,
        seq: version * 100 + i,
      }),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  }));

/**
 * One transaction: the case (new, under its escalation day), its inbox rows, its first timeline
 * entries, the contact re-bound to the case, the visit link, the response's contact fields removed, the audit entry.
 */
export function buildOpenCaseInput(t: CaseTables, w: OpenCaseWrite): TransactWriteItemsCommandInput {
  const c = w.case;
  const items: TransactWriteItem[] = [
    { Put: { TableName: t.responses, Item: caseItem(c), ConditionExpression: 'attribute_not_exists(pk)' } },
    ...inboxWrites(t.responses, c),
    ...eventPuts(t.responses, c.version, w.events),
  ];
  if (w.contact) {
    items.push({
      Put: {
        TableName: t.responses,
        Item: toItem({ ...caseKeys.contact(c.id), entity: 'CaseContact', ...w.contact }),
      },
    });
  }
  if (c.visitId) {
    items.push({
      Put: {
        TableName: t.responses,
        Item: toItem({ ...caseKeys.visitCase(c.visitId, c.id), entity: 'VisitCase', caseId: c.id }),
      },
    });
  }
  if (w.fromResponse?.hadContact) {
    items.push({
      Update: {
        TableName: t.responses,
        Key: toItem(responseKeys.response(w.fromResponse.responseId)),
        UpdateExpression: 'REMOVE contactCipher, contactMasked SET contactMovedTo = :case',
        ExpressionAttributeValues: toItem({ ':case': c.id }),
      },
    });
  }
  if (w.audit) items.push(buildAuditPut(t.audit!, w.audit));
  return { TransactItems: items };
}

/** The Update that subtracts one response's counters from one node's daily aggregate. */
export function compensatingUpdate(table: string, nodeId: string, x: ExclusionWrite): TransactWriteItem {
  const r = x.response;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds = Object.entries(aggregateCounters(x.negatedDelta!)).map(([attr, by], i) => {
    names[`#c${i}`] = attr;
    values[`:c${i}`] = by;
    return `#c${i} :c${i}`;
  });
  return {
    Update: {
      TableName: table,
      // The shard the ballot was counted into, so the subtraction meets the item it was added to.
      Key: toItem(
        responseKeys.dailyAggregate(
          nodeId,
          r.day,
          r.questionnaireId,
          r.version,
          r.aggregateShard === undefined
            ? undefined
            : { servicePointId: r.servicePointId, shard: r.aggregateShard },
        ),
      ),
      UpdateExpression: `ADD ${adds.join(', ')}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: toItem(values),
    },
  };
}

/**
 * Every subtraction an exclusion needs: the window's and the unit's daily aggregate shards and,
 * for a transaction ballot, the unit's 事项 aggregate shard.
 */
export function compensatingUpdates(table: string, x: ExclusionWrite): TransactWriteItem[] {
  const r = x.response;
  const out = [compensatingUpdate(table, r.servicePointId, x), compensatingUpdate(table, r.unitId, x)];
  if (r.transaction && r.aggregateShard !== undefined && x.negatedDelta) {
    const matter = buildMatterAggregateUpdate(
      table,
      { ...r, aggregateShard: r.aggregateShard } as NewSubmission,
      r.transaction,
      x.negatedDelta,
    );
    out.push({ Update: { ...matter.Update!, ConditionExpression: 'attribute_exists(pk)' } });
  }
  return out;
}

/**
 * A case transition: the case (if still at the version of `previous`, the case as the caller read
 * it; moved to its next escalation day or out of the escalation index), its inbox rows, new
 * timeline entries, and as needed the contact's expiry, the appeal, the score exclusion
 * with its compensating aggregate updates, the audit entry.
 */
export function buildSaveCaseInput(
  t: CaseTables,
  next: FollowUpCase,
  previous: FollowUpCase,
  events: Omit<TimelineEvent, 'seq'>[],
  opts: Parameters<CaseStore['save']>[3] = {},
): TransactWriteItemsCommandInput {
  const items: TransactWriteItem[] = [
    {
      Put: {
        TableName: t.responses,
        Item: caseItem(next),
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: toItem({ ':expected': previous.version }),
      },
    },
    ...inboxWrites(t.responses, next, previous),
    ...eventPuts(t.responses, next.version, events),
  ];
  if (opts.contactExpiresAt !== undefined) {
    items.push({
      Update: {
        TableName: t.responses,
        Key: toItem(caseKeys.contact(next.id)),
        UpdateExpression: 'SET expiresAt = :e',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: toItem({ ':e': opts.contactExpiresAt }),
      },
    });
  }
  if (opts.appeal) {
    const a = opts.appeal;
    items.push({
      Put: {
        TableName: t.responses,
        Item: toItem({
          ...caseKeys.appeal(a.caseId),
          ...caseKeys.appealOfProvince(provinceOf(a.unitPath), a.filedAt, a.caseId),
          entity: 'Appeal',
          ...a,
        }),
        // Filing needs no appeal yet; deciding needs the pending one.
        ConditionExpression: a.status === 'pending' ? 'attribute_not_exists(pk)' : '#s = :pending',
        ...(a.status === 'pending'
          ? {}
          : {
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: toItem({ ':pending': 'pending' }),
            }),
      },
    });
  }
  if (opts.exclusion) {
    const x = opts.exclusion;
    items.push({
      Update: {
        TableName: t.responses,
        Key: toItem(responseKeys.response(x.response.responseId)),
        UpdateExpression: 'SET excludedFromScores = :x',
        // Subtracted only while counted: never excluded before (e.g. by the retroactive
        // quarantine) and not quarantined on arrival, so a ballot leaves the aggregates once.
        ConditionExpression:
          'attribute_exists(pk) AND attribute_not_exists(excludedFromScores) AND (attribute_not_exists(#i.#q) OR #i.#q = :false)',
        ExpressionAttributeNames: { '#i': 'integrity', '#q': 'quarantined' },
        ExpressionAttributeValues: toItem({
          ':x': { by: 'appeal', caseId: next.id, reason: x.reason, at: x.at },
          ':false': false,
        }),
      },
    });
    if (x.negatedDelta) {
      items.push(...compensatingUpdates(t.responses, x));
    }
  }
  if (opts.audit) items.push(buildAuditPut(t.audit!, opts.audit));
  return { TransactItems: items };
}

/**
 * One page of a node's inbox: its cases opened in [fromIso, toIso], newest first, from after the
 * row `after` (the sort key where the previous page ended), of one status if asked.
 */
export function buildInboxPageQuery(
  table: string,
  nodeId: string,
  range: { fromIso: string; toIso: string },
  page: { limit?: number; status?: string; after?: string } = {},
): QueryCommandInput {
  return {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: toItem({
      ':pk': caseKeys.inbox(nodeId),
      ':from': range.fromIso,
      ':to': `${range.toIso}~`,
      ...(page.status ? { ':status': page.status } : {}),
    }),
    ...(page.status
      ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } }
      : {}),
    ScanIndexForward: false,
    ...(page.limit ? { Limit: page.limit } : {}),
    ...(page.after ? { ExclusiveStartKey: toItem({ pk: caseKeys.inbox(nodeId), sk: page.after }) } : {}),
  };
}

/** Cases of one escalation shard due on or before `day` (`YYYY-MM-DD`, Beijing). */
export const buildDueCasesQuery = (table: string, shard: number, day: string): QueryCommandInput => ({
  TableName: table,
  IndexName: 'gsi2',
  KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :through',
  ExpressionAttributeValues: toItem({
    ':pk': caseKeys.dueShard(shard),
    ':through': caseKeys.dueThrough(day),
  }),
});

export class CaseRepository implements CaseStore, VisitStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tables: CaseTables,
  ) {}

  private async queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
    return (await queryAll(this.client, input)).map((item) => ({
      ...fromItem<Record<string, unknown>>(item),
      _sk: item.sk?.S,
    }));
  }

  private transact(items: TransactWriteItem[]) {
    return withDbErrors(() => this.client.send(new TransactWriteItemsCommand({ TransactItems: items })));
  }

  private async getItem<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
    const out = await withDbErrors(() =>
      this.client.send(
        new GetItemCommand({ TableName: this.tables.responses, Key: toItem(key), ConsistentRead: true }),
      ),
    );
    return out.Item ? fromItem<T>(out.Item) : undefined;
  }

  get(caseId: string): Promise<FollowUpCase | undefined> {
    return this.getItem<FollowUpCase>(caseKeys.case(caseId));
  }

  /** The case, its timeline, contact and appeal: one query of its partition. */
  async detail(caseId: string): Promise<CaseDetail | undefined> {
    const rows = await this.queryAll({
      TableName: this.tables.responses,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: toItem({ ':pk': caseKeys.partition(caseId) }),
      ConsistentRead: true,
    });
    const strip = ({ _sk, ...rest }: Record<string, unknown>) => rest;
    const found = rows.find((r) => r._sk === 'CASE');
    if (!found) return undefined;
    const contact = rows.find((r) => r._sk === 'CONTACT');
    const appeal = rows.find((r) => r._sk === 'APPEAL');
    return {
      case: strip(found) as unknown as FollowUpCase,
      events: rows
        .filter((r) => String(r._sk).startsWith('EVT#'))
        .map((r) => strip(r) as unknown as TimelineEvent),
      contact: contact ? (strip(contact) as unknown as StoredContact) : undefined,
      appeal: appeal ? (strip(appeal) as unknown as Appeal) : undefined,
    };
  }

  async open(w: OpenCaseWrite): Promise<'created' | 'exists'> {
    try {
      await withDbErrors(() =>
        this.client.send(new TransactWriteItemsCommand(buildOpenCaseInput(this.tables, w))),
      );
      return 'created';
    } catch (err) {
      if (conditionFailed(err, 0)) return 'exists';
      throw err;
    }
  }

  async save(
    next: FollowUpCase,
    previous: FollowUpCase,
    events: Omit<TimelineEvent, 'seq'>[],
    opts?: Parameters<CaseStore['save']>[3],
  ): Promise<void> {
    try {
      await withDbErrors(() =>
        this.client.send(
          new TransactWriteItemsCommand(buildSaveCaseInput(this.tables, next, previous, events, opts)),
        ),
      );
    } catch (err) {
      if (conditionFailed(err)) throw new VersionConflictError();
      throw err;
    }
  }

  async inboxPage(
    nodeId: string,
    range: { fromIso: string; toIso: string },
    page: { limit: number; status?: string; after?: string },
  ): Promise<{ cases: FollowUpCase[]; last?: string }> {
    const out = await withDbErrors(() =>
      this.client.send(new QueryCommand(buildInboxPageQuery(this.tables.responses, nodeId, range, page))),
    );
    return {
      cases: (out.Items ?? []).map((item) => fromItem<FollowUpCase>(item)),
      last: out.LastEvaluatedKey?.sk?.S,
    };
  }

  async inbox(nodeId: string, range: { fromIso: string; toIso: string }): Promise<FollowUpCase[]> {
    const rows = await this.queryAll(buildInboxPageQuery(this.tables.responses, nodeId, range));
    return rows.map(({ _sk, ...c }) => c as unknown as FollowUpCase);
  }

  /** Open cases due for the escalation job on or before `day`: one paged Query per shard. */
  async dueCases(day: string): Promise<FollowUpCase[]> {
    const pages = await Promise.all(
      Array.from({ length: DUE_SHARDS }, (_, shard) =>
        this.queryAll(buildDueCasesQuery(this.tables.responses, shard, day)),
      ),
    );
    return pages.flat().map(({ _sk, ...c }) => c as unknown as FollowUpCase);
  }

  /**
   * Moves cases stored before the case indexes into them: every case still listed under its
   * province in gsi1 (as cases were stored then) is written again under its escalation day with
   * its inbox rows, if unchanged meanwhile, and its `OPENCASES` pointer deleted; pointers left
   * without a case go too. Safe to run again: a moved case is no longer in gsi1.
   * @returns the number of cases moved
   */
  async backfillCaseIndexes(provinceIds: readonly string[]): Promise<number> {
    let moved = 0;
    for (const provinceId of provinceIds) {
      const old = await this.queryAll({
        TableName: this.tables.responses,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: toItem({ ':pk': caseKeys.legacyProvinceCases(provinceId) }),
      });
      for (const row of old) {
        const { _sk, ...c } = row as unknown as FollowUpCase & { _sk?: string };
        const table = this.tables.responses;
        await this.transact([
          {
            Put: {
              TableName: table,
              Item: caseItem(c),
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: toItem({ ':v': c.version }),
            },
          },
          ...inboxWrites(table, c),
          { Delete: { TableName: table, Key: toItem(caseKeys.legacyOpenCase(c.id)) } },
        ]);
        moved++;
      }
    }
    const pointers = await this.queryAll({
      TableName: this.tables.responses,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: toItem({ ':pk': caseKeys.legacyOpenCases() }),
    });
    for (const p of pointers) {
      await withDbErrors(() =>
        this.client.send(
          new DeleteItemCommand({
            TableName: this.tables.responses,
            Key: toItem(caseKeys.legacyOpenCase(String(p._sk))),
          }),
        ),
      );
    }
    return moved;
  }

  /** A response that opened no case keeps no phone: its purpose (a callback) is gone. */
  async removeResponseContact(responseId: string): Promise<void> {
    try {
      await withDbErrors(() =>
        this.client.send(
          new UpdateItemCommand({
            TableName: this.tables.responses,
            Key: toItem(responseKeys.response(responseId)),
            UpdateExpression: 'REMOVE contactCipher, contactMasked',
            ConditionExpression: 'attribute_exists(pk)',
          }),
        ),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
  }

  getResponse(responseId: string): Promise<ResponseForExclusion | undefined> {
    return this.getItem<ResponseForExclusion>(responseKeys.response(responseId));
  }

  async listAppeals(provinceId: string): Promise<Appeal[]> {
    const rows = await this.queryAll({
      TableName: this.tables.responses,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: toItem({ ':pk': caseKeys.provinceAppeals(provinceId) }),
      ScanIndexForward: false,
    });
    return rows.map(({ _sk, ...a }) => a as unknown as Appeal);
  }

  async responseIdForReceipt(receipt: string): Promise<string | undefined> {
    return (await this.getItem<{ responseId: string }>(responseKeys.receipt(receipt)))?.responseId;
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    const put = buildAuditPut(this.tables.audit!, entry).Put!;
    await withDbErrors(() => this.client.send(new PutItemCommand(put)));
  }

  async putVisit(v: Visit, audit: AuditEntry): Promise<void> {
    await this.transact([
      {
        Put: {
          TableName: this.tables.responses,
          Item: toItem({
            ...caseKeys.visit(v.id),
            ...caseKeys.visitOfUnit(v.unitId, v.date, v.id),
            entity: 'Visit',
            ...v,
          }),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      buildAuditPut(this.tables.audit!, audit),
    ]);
  }

  async getVisit(visitId: string): Promise<{ visit: Visit; caseIds: string[] } | undefined> {
    const rows = await this.queryAll({
      TableName: this.tables.responses,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: toItem({ ':pk': caseKeys.visitPartition(visitId) }),
    });
    const head = rows.find((r) => r._sk === 'VISIT');
    if (!head) return undefined;
    const { _sk, ...visit } = head;
    return {
      visit: visit as unknown as Visit,
      caseIds: rows.filter((r) => String(r._sk).startsWith('CASE#')).map((r) => String(r.caseId)),
    };
  }

  /**
   * Issues a visit's own code (see buildIssueVisitQrItems): 409 when the service point was
   * deactivated or another code was issued for the visit meanwhile.
   */
  async issueVisitQr(
    token: QrTokenRecord,
    qr: VisitQr,
    previousTokenId: string | undefined,
    audit: AuditEntry,
  ): Promise<void> {
    const { directory, responses, audit: auditTable } = this.tables;
    if (!directory || !auditTable) throw new Error('CaseRepository needs the directory and audit tables');
    const items = buildIssueVisitQrItems(
      { directory, responses, audit: auditTable },
      token,
      qr,
      previousTokenId,
      audit,
    );
    try {
      await withDbErrors(() => this.client.send(new TransactWriteItemsCommand({ TransactItems: items })));
    } catch (err) {
      if (conditionFailed(err, 0)) {
        throw new ConflictError(
          'SERVICE_POINT_INACTIVE',
          '服务窗口已停用',
          'The service point is deactivated',
        );
      }
      if (conditionFailed(err, 2)) {
        throw new ConflictError(
          'VISIT_QR_CHANGED',
          '该走访的二维码刚被他人更改，请刷新后重试',
          "Someone changed this visit's QR code meanwhile; reload and try again",
        );
      }
      throw err;
    }
  }

  async listVisits(unitId: string, fromDay: string, toDay: string): Promise<Visit[]> {
    const rows = await this.queryAll({
      TableName: this.tables.responses,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
      ExpressionAttributeValues: toItem({
        ':pk': caseKeys.unitVisits(unitId),
        ':from': fromDay,
        ':to': `${toDay}~`,
      }),
    });
    return rows.map(({ _sk, ...v }) => v as unknown as Visit);
  }
}
