/**
 * Cases read as real DynamoDB wants them, shown by recording what the SDK sends on DynamoDB Local:
 * the escalation job queries only the cases due by today (one Query per shard of the escalation
 * index, never a Scan or a read per case), and the monitor sends no Scan.
 */
import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseRepository } from '../../functions/db/case-repository';
import { DirectoryRepository } from '../../functions/db/directory-repository';
import { toItem } from '../../functions/db/item';
import { caseKeys, DUE_SHARDS } from '../../functions/db/keys/cases';
import { ResponseRepository } from '../../functions/db/response-repository';
import { UnitResponseIndexReader } from '../../functions/db/unit-response-index';
import { escalationDueDay } from '../../functions/domain/cases/due-day';
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
    await repo.save({ ...c, status: 'closed', closedAt: '2026-09-25T06:00:00.000Z', version: 2 }, 1, []);
    expect((await repo.dueCases('2026-12-31')).map((x) => x.id)).not.toContain(id);
  });

  it('moves open cases stored before the escalation index into it, once', async () => {
    const id = await openCaseByHand(stack, '2026-09-25T06:00:00Z', '旧数据工单');
    // As stored before: no escalation keys, a pointer in the OPENCASES partition.
    await stack.db.client.send(
      new UpdateItemCommand({
        TableName: stack.db.tables.responses,
        Key: toItem(caseKeys.case(id)),
        UpdateExpression: 'REMOVE gsi2pk, gsi2sk',
      }),
    );
    await stack.db.client.send(
      new PutItemCommand({
        TableName: stack.db.tables.responses,
        Item: toItem({ ...caseKeys.legacyOpenCase(id), entity: 'OpenCase' }),
      }),
    );
    expect((await repo.dueCases('2026-12-31')).map((c) => c.id)).not.toContain(id);
    expect(await repo.backfillCaseIndexes()).toBe(1);
    expect(await repo.backfillCaseIndexes()).toBe(0);
    expect((await repo.dueCases('2026-12-31')).map((c) => c.id)).toContain(id);
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
