import { describe, expect, it } from 'vitest';
import {
  conflictProbability,
  costPerMillion,
  itemBytes,
  type Profile,
  readUnits,
  scopeRate,
  transactionalWriteUnits,
} from '../../../bench/capacity-model';
import { AGGREGATE_SHARDS } from '../../../functions/domain/aggregate';

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
});
