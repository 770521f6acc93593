import { describe, expect, it } from 'vitest';
import {
  changesPerTransaction,
  conflictProbability,
  costPerMillion,
  itemBytes,
  type Profile,
  type RollupProfile,
  readUnits,
  rollupLoad,
  scopeRate,
  transactionalWriteUnits,
} from '../../../bench/capacity-model';
import { AGGREGATE_SHARDS } from '../../../functions/domain/aggregate';
import { ROLLUP_SHARDS } from '../../../functions/domain/rollup';

const profile: Profile = {
  counties: 167,
  servicePointsPerCounty: 30,
  servicePointsPerUnit: 5,
  peakBallotsPerSecond: 500,
  hotWindowBallotsPerSecond: 10,
  questionnairesInUse: 1,
  transactionSeconds: 0.03,
};

describe('the capacity model', () => {
  it('keeps a hot window of 10 ballots/s under 1 % conflicts with the chosen number of shards', () => {
    const rate = scopeRate('windowShard', profile, AGGREGATE_SHARDS, 4, true);
    expect(rate).toBeCloseTo(10 / AGGREGATE_SHARDS);
    expect(conflictProbability(rate, profile.transactionSeconds)).toBeLessThan(0.01);
    // Half the shards would not do.
    expect(conflictProbability(10 / (AGGREGATE_SHARDS / 2), profile.transactionSeconds)).toBeGreaterThan(
      0.01,
    );
  });

  it('spreads the province over its windows, and a unit partition over its windows', () => {
    expect(scopeRate('window', profile, 64, 4, false)).toBeCloseTo(500 / 5010);
    expect(scopeRate('unit', profile, 64, 4, false)).toBeCloseTo((5 * 500) / 5010);
    expect(scopeRate('unit', profile, 64, 4, true)).toBeCloseTo(10 + (4 * 500) / 5010);
    expect(scopeRate('questionnairePartition', profile, 64, 4, false)).toBe(125);
    expect(scopeRate('ballot', profile, 64, 4, true)).toBe(0);
  });

  it('prices transactional writes at 2 units per started KB and reads at half a unit per 4 KB', () => {
    expect(transactionalWriteUnits(100)).toBe(2);
    expect(transactionalWriteUnits(1025)).toBe(4);
    expect(readUnits(10, false)).toBe(0.5);
    expect(readUnits(4097, true)).toBe(2);
  });

  it('sizes an item by its attribute names and values', () => {
    expect(itemBytes({ pk: { S: 'ab' }, n: { N: '1234' } })).toBe(2 + 2 + 1 + 3);
    expect(itemBytes({ ids: { SS: ['x', 'yz'] } })).toBe(3 + 3);
  });

  it('adds up the cost of a million ballots', () => {
    const c = costPerMillion(
      {
        dynamodbPerMillionWriteRequestUnits: 1,
        dynamodbPerMillionReadRequestUnits: 1,
        lambdaPerGbSecond: 0.00001,
        lambdaPerMillionRequests: 0.2,
        apiGatewayPerMillionRequests: 3,
      },
      { wru: 20, rru: 1 },
      { memoryGb: 0.5, msPerBallot: 100 },
    );
    expect(c.gbSeconds).toBe(50_000);
    expect(c.total).toBeCloseTo(20 + 1 + 0.5 + 0.2 + 3);
  });

  describe('the rollup stream consumer', () => {
    const rollup: RollupProfile = {
      changesPerBallot: 1,
      otherRecordsPerBallot: 0,
      cellsPerChange: 3,
      cities: 11,
      counties: 167,
      shards: ROLLUP_SHARDS,
      streamShards: 11,
      batchSize: 100,
      batchWindowSeconds: 1,
      transactionSeconds: 0.05,
    };

    it('packs marks and distinct cells into transactions of at most 100 items', () => {
      const n = changesPerTransaction(rollup);
      const items = (k: number) => k + 1 + 11 * (1 - (10 / 11) ** k) + 167 * (1 - (166 / 167) ** k);
      expect(items(n)).toBeLessThanOrEqual(100);
      expect(items(n + 1)).toBeGreaterThan(100);
    });

    it('keeps a province-day shard far below 1 000 WCU/s at 500 ballots/s', () => {
      const load = rollupLoad(rollup, 500, changesPerTransaction(rollup));
      // 500 changes/s over 11 shards fill batches of about 45 in the 1 s window: one transaction each.
      expect(load.batch).toBeCloseTo(500 / 11);
      expect(load.transactionsPerSecond).toBeCloseTo(11);
      expect(load.provinceItemWrites).toBeCloseTo(11 / ROLLUP_SHARDS);
      // Items of about 1.1 KB: 4 WRU per transactional write.
      expect(load.provinceItemWrites * 4).toBeLessThan(1000 / 50);
    });

    it('lets concurrent consumers conflict only on the same drawn shard', () => {
      const perTx = changesPerTransaction(rollup);
      const oneShardPerTransaction = rollupLoad(rollup, 500, perTx).conflict;
      // Every transaction in every province shard (a shard drawn per addition) is as if K were 1.
      const everyShard = rollupLoad({ ...rollup, shards: 1 }, 500, 25).conflict;
      expect(oneShardPerTransaction).toBeLessThan(0.25);
      expect(everyShard).toBeGreaterThan(0.8);
      // A single stream shard runs its transactions one after another: nothing to conflict with.
      expect(rollupLoad({ ...rollup, streamShards: 1 }, 500, perTx).conflict).toBe(0);
    });

    it('gives the commented responses their places in a batch', () => {
      const load = rollupLoad({ ...rollup, otherRecordsPerBallot: 0.5 }, 500, changesPerTransaction(rollup));
      // 750 records/s over 11 shards: batches of about 68 records, two thirds of them changes.
      expect(load.batch).toBeCloseTo(750 / 11);
      expect(load.changesInTx).toBeCloseTo(500 / 11);
      expect(load.invocationsPerSecond).toBeCloseTo(11);
    });
  });
});
