/**
 * Cases read as real DynamoDB wants them, shown by recording what the SDK sends on DynamoDB Local:
 * the escalation job queries only the cases due by today (one Query per shard of the escalation
 * index, never a Scan or a read per case), the inbox of a subtree is one Query per page, and the
 * monitor sends no Scan.
 */
import { DeleteItemCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseRepository } from '../../functions/db/case-repository';
import { DirectoryRepository } from '../../functions/db/directory-repository';
import { toItem } from '../../functions/db/item';
import { caseKeys, DUE_SHARDS } from '../../functions/db/keys/cases';
import { ResponseRepository } from '../../functions/db/response-repository';
import { UnitResponseIndexReader } from '../../functions/db/unit-response-index';
import { escalationDueDay } from '../../functions/domain/cases/due-day';
import { inboxNodeIds } from '../../functions/domain/cases/inbox';
import { DEFAULT_CASE_SETTINGS } from '../../functions/services/cases/ports';
import { runEscalation } from '../../functions/services/cases/run-escalation';
import { checkUnitHealth } from '../../functions/services/monitor-unit-health';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { openCaseByHand } from '../fixtures/manual-case';
import { recordingClient } from '../fixtures/recording-client';

let stack: ConsoleStack;
let repo: CaseRepository;

beforeAll(async () => {
  stack = await createConsoleStack();
  repo = new CaseRepository(stack.db.client, stack.db.tables);
}, 120_000);

/** Every case of this file, read one by one (what the job must no longer do). */
const allCases = async (ids: string[]) => Promise.all(ids.map(async (id) => (await repo.get(id))!));

describe('escalation reads only what is due', () => {
  it('sends one Query per shard of the escalation index, bounded by today, and reads only due cases', async () => {
    // Friday 25 Sept 2026: acknowledge by the end of Monday 28 Sept, so due on Tuesday 29 Sept.
    const due = await Promise.all(
      [1, 2, 3].map((i) => openCaseByHand(stack, `2026-09-25T0${i}:00:00Z`, `来电反映排队过长 ${i}`)),
    );
    // Opened later: not due on 29 Sept, whatever else is open.
    const later = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => openCaseByHand(stack, `2026-11-0${i}T02:00:00Z`, `来电反映态度差 ${i}`)),
    );
    const today = '2026-09-29';
    for (const c of await allCases(due)) expect(escalationDueDay(c)! <= today).toBe(true);
    for (const c of await allCases(later)) expect(escalationDueDay(c)! > today).toBe(true);

    const { client, sent } = recordingClient(stack.db);
    const report = await runEscalation({
      cases: new CaseRepository(client, stack.db.tables),
      clock: { now: () => new Date('2026-09-29T02:00:00Z') },
      settings: DEFAULT_CASE_SETTINGS,
    });

    expect(report).toMatchObject({ checked: 3, escalations: 3, conflicts: 0 });
    const reads = sent.filter((s) => s.command !== 'TransactWriteItemsCommand');
    expect(reads.map((s) => s.command)).toEqual(Array(DUE_SHARDS).fill('QueryCommand'));
    for (const q of reads) {
      expect(q.input).toMatchObject({
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :through',
      });
      expect(JSON.stringify(q.input.ExpressionAttributeValues)).toContain(`${today}#~`);
    }
    // The cases read are the due ones and nothing else: not the later ones, not one per open case.
    const read = reads.reduce((n, q) => n + Number(q.output!.Count), 0);
    expect(read).toBe(3);
    expect(sent.filter((s) => s.command === 'TransactWriteItemsCommand')).toHaveLength(3);

    // Escalated: the acknowledgement is flagged, so each moves on to its resolution reminder day.
    for (const c of await allCases(due)) {
      expect(c.ackOverdue).toBe(true);
      expect(escalationDueDay(c)! > today).toBe(true);
    }
    // A second run that day finds nothing due.
    const again = recordingClient(stack.db);
    const second = await runEscalation({
      cases: new CaseRepository(again.client, stack.db.tables),
      clock: { now: () => new Date('2026-09-29T03:00:00Z') },
    });
    expect(second.checked).toBe(0);
    expect(again.sent.map((s) => s.command)).toEqual(Array(DUE_SHARDS).fill('QueryCommand'));
  });

  it('drops a closed case from the escalation index', async () => {
    const id = await openCaseByHand(stack, '2026-09-25T05:00:00Z', '来电咨询后撤回');
    expect((await repo.dueCases('2026-12-31')).map((c) => c.id)).toContain(id);
    const c = (await repo.get(id))!;
    await repo.save({ ...c, status: 'closed', closedAt: '2026-09-25T06:00:00.000Z', version: 2 }, c, []);
    expect((await repo.dueCases('2026-12-31')).map((x) => x.id)).not.toContain(id);
  });

  it('moves cases stored before the case indexes into them, once', async () => {
    const id = await openCaseByHand(stack, '2026-09-25T06:00:00Z', '旧数据工单');
    const c = (await repo.get(id))!;
    const range = { fromIso: '2026-09-24T16:00:00.000Z', toIso: '2026-09-25T15:59:59.999Z' };
    // As stored before: listed under its province in gsi1, a pointer in OPENCASES, no other index.
    await stack.db.client.send(
      new PutItemCommand({
        TableName: stack.db.tables.responses,
        Item: toItem({
          ...caseKeys.case(id),
          gsi1pk: caseKeys.legacyProvinceCases('130000'),
          gsi1sk: `${c.openedAt}#${id}`,
          entity: 'FollowUpCase',
          ...c,
        }),
      }),
    );
    await stack.db.client.send(
      new PutItemCommand({
        TableName: stack.db.tables.responses,
        Item: toItem({ ...caseKeys.legacyOpenCase(id), entity: 'OpenCase' }),
      }),
    );
    for (const node of inboxNodeIds(c)) {
      await stack.db.client.send(
        new DeleteItemCommand({
          TableName: stack.db.tables.responses,
          Key: toItem(caseKeys.inboxRow(node, c.openedAt, id)),
        }),
      );
    }
    expect((await repo.dueCases('2026-12-31')).map((x) => x.id)).not.toContain(id);
    expect((await repo.inbox('130628', range)).map((x) => x.id)).not.toContain(id);

    expect(await repo.backfillCaseIndexes(['130000'])).toBe(1);
    expect(await repo.backfillCaseIndexes(['130000'])).toBe(0);
    expect((await repo.dueCases('2026-12-31')).map((x) => x.id)).toContain(id);
    expect((await repo.inbox('130628', range)).map((x) => x.id)).toContain(id);
    const pointer = await stack.db.client.send(
      new GetItemCommand({ TableName: stack.db.tables.responses, Key: toItem(caseKeys.legacyOpenCase(id)) }),
    );
    expect(pointer.Item).toBeUndefined();
  });
});

/** Opens a case by hand at `at` for `unitId`, as the province admin. */
async function openFor(unitId: string, at: string, problem: string): Promise<string> {
  const res = await stack.console({ clock: { now: () => new Date(at) } }).request('/api/console/v1/cases', {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await stack.token('province-admin')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ unitId, source: 'call', problem }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

interface InboxPage {
  items: { id: string; unitId: string }[];
  nextCursor?: string;
}

describe('the case inbox pages by query', () => {
  it("reads a county's cases one Query per page, newest first, and nothing outside the county", async () => {
    const county: string[] = [];
    for (let i = 1; i <= 5; i++)
      county.push(await openFor('130628001', `2026-11-10T0${i}:00:00Z`, `噪音 ${i}`));
    const elsewhere = await openFor('130102001', '2026-11-10T03:30:00Z', '别县的工单');

    const { client, sent } = recordingClient(stack.db);
    const app = stack.console({ client, clock: { now: () => new Date('2026-11-20T02:00:00Z') } });
    const token = await stack.token('county-admin');
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const before = sent.length;
      const qs = new URLSearchParams({ from: '2026-11-10', to: '2026-11-10', limit: '2' });
      if (cursor) qs.set('cursor', cursor);
      const res = await app.request(`/api/console/v1/cases?${qs}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const page = (await res.json()) as InboxPage;
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
      pages++;
      const onCases = sent.slice(before).filter((s) => s.input.TableName === stack.db.tables.responses);
      expect(onCases.map((s) => s.command)).toEqual(['QueryCommand']);
      expect(onCases[0]!.input).toMatchObject({ Limit: 2, ScanIndexForward: false });
      expect(onCases[0]!.input).not.toHaveProperty('IndexName');
      expect(JSON.stringify(onCases[0]!.input.ExpressionAttributeValues)).toContain('CASEINBOX#130628"');
    } while (cursor && pages < 10);

    expect(seen).toEqual([...county].reverse());
    expect(seen).not.toContain(elsewhere);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(sent.map((s) => s.command)).not.toContain('ScanCommand');
  });

  it('refuses a cursor from another query with 400 naming the field', async () => {
    const first = await stack
      .as('county-admin')
      .get<InboxPage>('/api/console/v1/cases?from=2026-11-10&to=2026-11-10&limit=1');
    expect(first.body.nextCursor).toBeDefined();
    const res = await stack
      .as('county-admin')
      .get(`/api/console/v1/cases?from=2026-11-09&to=2026-11-10&limit=1&cursor=${first.body.nextCursor}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ field: 'cursor', code: 'invalid_cursor' });
  });

  it("lists a case opened at 00:30 Beijing time on its own day in the county's inbox, not the day before", async () => {
    // 00:30 on 12 Nov in Beijing is still 11 Nov in UTC.
    const id = await openFor('130628001', '2026-11-11T16:30:00.000Z', '凌晨来电');
    const listed = async (day: string) =>
      (
        await stack.as('county-admin').get<InboxPage>(`/api/console/v1/cases?from=${day}&to=${day}&limit=200`)
      ).body.items.map((c) => c.id);
    expect(await listed('2026-11-12')).toContain(id);
    expect(await listed('2026-11-11')).not.toContain(id);
  });
});

describe('the monitor', () => {
  it('checks every unit without a Scan', async () => {
    const { client, sent } = recordingClient(stack.db);
    const report = await checkUnitHealth(
      {
        units: new DirectoryRepository(client, stack.db.tables.directory),
        aggregates: new ResponseRepository(client, stack.db.tables),
        responses: new UnitResponseIndexReader(client, stack.db.tables.responses),
        clock: { now: () => new Date() },
      },
      { days: 30, minResponses: 50 },
    );
    expect(report.unitsChecked).toBeGreaterThan(0);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.map((s) => s.command)).not.toContain('ScanCommand');
  });
});
