/**
 * The scheduled rollup recount's handler on DynamoDB Local: drift planted in the stream-kept
 * rollups is reported (log and report), corrected only when the deployment repairs, and a run after
 * the repair is clean.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryRepository } from '../../functions/db/directory-repository';
import { ResponseRepository } from '../../functions/db/response-repository';
import { RollupRepository } from '../../functions/db/rollup-repository';
import { aggregateDelta } from '../../functions/domain/aggregate';
import { recountServices } from '../../functions/handlers/rollup-recount-deps';
import { createRollupRecountHandler } from '../../functions/handlers/rollup-recount-handler';
import { rollupRecountJobConfig } from '../../functions/handlers/rollup-recount-job-config';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { type RollupStream, startRollupStream } from '../fixtures/rollup-stream';
import { answersAt, submitAt } from './reporting-fixtures';

let stack: ConsoleStack;
let stream: RollupStream;
let cell: { nodeId: string; day: string; questionnaireId: string; version: number };
let fiveDelta: ReturnType<typeof aggregateDelta>;

/** Logger capturing what the job logs, as CloudWatch would receive it. */
function capturingLogger() {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const log =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      lines.push({ level, message, fields });
  return { lines, logger: { info: log('info'), warn: log('warn'), error: log('error') } as never };
}

/** The handler as the Lambda builds it, over the test tables, on 10 October 2026 (Beijing). */
function runJob(env: Record<string, string>) {
  const { settings } = rollupRecountJobConfig({
    TABLE_DIRECTORY: stack.db.tables.directory,
    TABLE_RESPONSES: stack.db.tables.responses,
    ROLLUP_RECOUNT_DAYS: '10',
    ROLLUP_RECOUNT_SETTLE_SECONDS: '1',
    ...env,
  });
  const { lines, logger } = capturingLogger();
  const directory = new DirectoryRepository(stack.db.client, stack.db.tables.directory);
  const handler = createRollupRecountHandler(
    {
      recount: recountServices({ client: stack.db.client, tables: stack.db.tables }),
      provinces: async () => (await directory.listNodesOfKind('province')).map((p) => p.id),
      now: () => new Date('2026-10-10T04:00:00.000Z'),
    },
    settings,
    logger,
  );
  return handler({} as never, {} as never).then((report) => ({ report, lines }));
}

beforeAll(async () => {
  stack = await createConsoleStack();
  stream = startRollupStream(stack.db);
  const id = await submitAt(stack, '130628001-01', '2026-10-05T02:00:00.000Z', answersAt(5));
  await submitAt(stack, '130628002-01', '2026-10-07T03:00:00.000Z', answersAt(2));
  const r = await new ResponseRepository(stack.db.client, stack.db.tables).getResponse(id);
  cell = { nodeId: '130628', day: '2026-10-05', questionnaireId: r!.questionnaireId, version: r!.version };
  const content = (await stack.questionnaires.getVersion(r!.questionnaireId, r!.version))!.content;
  fiveDelta = aggregateDelta(content, answersAt(5));
  await stream.drain();
}, 120_000);

afterAll(() => stream?.poller.stop());

// Each run recounts every province of the test world over its window (repairs read it twice):
// tens of seconds on a busy 2-core machine.
describe('the scheduled rollup recount', { timeout: 240_000 }, () => {
  it('reports a clean run when the stream kept every rollup', async () => {
    const { report, lines } = await runJob({ ROLLUP_RECOUNT_REPAIR: 'false' });
    expect(report.provinces).toBeGreaterThanOrEqual(1);
    expect(report.cells).toBeGreaterThan(0);
    expect(report).toMatchObject({ drifting: 0, repaired: 0 });
    expect(lines.filter((l) => l.message === 'rollup drift')).toEqual([]);
  });

  it('reports planted drift node-day by node-day, and only reports it when told not to repair', async () => {
    // A ballot the county's rollup counts twice on 5 October.
    await new RollupRepository(stack.db.client, stack.db.tables.responses).correct({
      cell,
      shard: 1,
      delta: fiveDelta,
    });
    const { report, lines } = await runJob({ ROLLUP_RECOUNT_REPAIR: 'false' });
    expect(report).toMatchObject({ drifting: 1, repaired: 0 });
    const drift = lines.find((l) => l.message === 'rollup drift');
    expect(drift?.level).toBe('warn');
    expect(drift?.fields.cells).toEqual([
      expect.objectContaining({ nodeId: '130628', day: '2026-10-05', stored: 2, recount: 1 }),
    ]);
    // Not repaired: the next run finds the same drift.
    expect((await runJob({ ROLLUP_RECOUNT_REPAIR: 'false' })).report.drifting).toBe(1);
  });

  it('repairs drift confirmed by two passes by default, and the next run is clean', async () => {
    const { report } = await runJob({});
    expect(report).toMatchObject({ drifting: 1, repaired: 1, unsettled: 0 });
    expect((await runJob({ ROLLUP_RECOUNT_REPAIR: 'false' })).report).toMatchObject({ drifting: 0 });
  });

  it('leaves out days before its window', async () => {
    // A drifting 5 October is outside a 3-day window ending on 10 October.
    await new RollupRepository(stack.db.client, stack.db.tables.responses).correct({
      cell,
      shard: 0,
      delta: fiveDelta,
    });
    expect((await runJob({ ROLLUP_RECOUNT_REPAIR: 'false', ROLLUP_RECOUNT_DAYS: '3' })).report.drifting).toBe(
      0,
    );
    expect((await runJob({ ROLLUP_RECOUNT_REPAIR: 'false' })).report.drifting).toBe(1);
  });
});
