import { describe, expect, it } from 'vitest';
import { buildUnitResponsesQuery } from '../../../functions/db/response-repository';

describe('buildUnitResponsesQuery', () => {
  it('reads a unit’s index newest first between an instant and a position, filters after the key', () => {
    const input = buildUnitResponsesQuery(
      'T',
      'U1',
      {
        since: '2026-09-30T16:00:00.000Z',
        upTo: { submittedAt: '2026-10-05T02:00:00.000Z', responseId: 'r1' },
      },
      { maxLevel: 2, hasComment: true, servicePointId: 'U1-01' },
      { size: 25 },
    );
    expect(input).toMatchObject({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
      ScanIndexForward: false,
      Limit: 25,
      FilterExpression:
        '#servicePointId = :servicePointId AND #hasComment = :hasComment AND #lowestLevel <= :lowestLevel',
    });
    expect(input.ExpressionAttributeValues).toMatchObject({
      ':pk': { S: 'UNIT#U1' },
      ':from': { S: '2026-09-30T16:00:00.000Z' },
      ':to': { S: '2026-10-05T02:00:00.000Z#r1' },
      ':lowestLevel': { N: '2' },
      ':hasComment': { BOOL: true },
    });
  });

  it('uses an instant as an exclusive end and prefers an exact level over a maximum', () => {
    const input = buildUnitResponsesQuery(
      'T',
      'U1',
      { since: 'a', upTo: '2026-11-01T00:00:00.000Z' },
      { level: 1 },
      { size: 5, startKey: { gsi1pk: 'UNIT#U1', gsi1sk: 'x', pk: 'RESP#r', sk: 'RESP' } },
    );
    expect(input.ExpressionAttributeValues?.[':to']).toEqual({ S: '2026-11-01T00:00:00.000Z' });
    expect(input.FilterExpression).toBe('#lowestLevel = :lowestLevel');
    expect(input.ExclusiveStartKey).toMatchObject({ pk: { S: 'RESP#r' } });
  });
});
