import {
  DynamoDBClient,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { buildApplyInput, RollupRepository, splitRuns } from '../../../functions/db/rollup-repository';
import type { RollupChange } from '../../../functions/services/rollups/ports';

const delta = { responses: 1, questions: {} };
const change = (eventId: string, county: string, shard = 0): RollupChange => ({
  eventId,
  additions: ['130000', '130100', county].map((nodeId) => ({
    cell: { nodeId, day: '2026-12-04', questionnaireId: 'q', version: 1 },
    shard,
    delta,
  })),
});
const rollupPks = (input: TransactWriteItemsCommandInput) =>
  (input.TransactItems ?? []).flatMap((t) => (t.Update ? [String(t.Update.Key?.pk?.S)] : []));

describe('the rollup consumer’s transactions', () => {
  it('writes every cell of a run into the one shard drawn for the run', () => {
    const input = buildApplyInput(
      't',
      [change('e1', '130102', 0), change('e2', '130103', 3), change('e3', '130102', 1)],
      0,
      2,
    );
    // Three marks, then province, city and two counties once each, all in shard 2.
    expect(input.TransactItems).toHaveLength(3 + 4);
    expect(rollupPks(input).every((pk) => pk.endsWith('#S#2'))).toBe(true);
  });

  it('packs marks and distinct cells up to 100 items per run', () => {
    const changes = Array.from({ length: 120 }, (_, i) => change(`e${i}`, `13${String(i).padStart(4, '0')}`));
    const runs = splitRuns(changes);
    for (const run of runs)
      expect(buildApplyInput('t', run, 0, 0).TransactItems!.length).toBeLessThanOrEqual(100);
    expect(runs.flat()).toHaveLength(120);
    // 48 changes (48 marks, 2 shared cells, 48 counties) fill a run of 98 items.
    expect(runs[0]).toHaveLength(49);
  });

  it('retries a run cancelled by a concurrent consumer, drawing its shard again', async () => {
    const client = new DynamoDBClient({ region: 'cn-north-1' });
    const mock = mockClient(client);
    mock
      .on(TransactWriteItemsCommand)
      .rejectsOnce(
        new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }],
        }),
      )
      .resolves({});
    const draws = [0.1, 0.9];
    const repo = new RollupRepository(
      client,
      't',
      () => 0,
      () => draws.shift() ?? 0,
      {
        attempts: 3,
        baseMs: 1,
        capMs: 1,
        budgetMs: 1_000,
      },
    );
    expect(await repo.apply([change('e1', '130102')])).toBe(1);
    const sent = mock.commandCalls(TransactWriteItemsCommand).map((c) => c.args[0].input);
    expect(sent).toHaveLength(2);
    expect(rollupPks(sent[0]!).every((pk) => pk.endsWith('#S#0'))).toBe(true);
    expect(rollupPks(sent[1]!).every((pk) => pk.endsWith('#S#3'))).toBe(true);
  });
});
