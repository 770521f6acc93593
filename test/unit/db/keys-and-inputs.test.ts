import { describe, expect, it } from 'vitest';
import { buildPutQrTokenInput } from '../../../functions/db/directory-repository';
import { directoryKeys } from '../../../functions/db/keys/directory';
import { questionnaireKeys } from '../../../functions/db/keys/questionnaires';
import { responseKeys } from '../../../functions/db/keys/responses';
import { buildPublishInput, buildUpdateDraftInput } from '../../../functions/db/questionnaire-repository';
import {
  aggregateCounters,
  buildSaveSubmissionInput,
  parseAggregate,
} from '../../../functions/db/response-repository';
import { aggregateDelta } from '../../../functions/domain/aggregate';
import { aNewSubmission, aQuestionnaire, someAnswers } from '../../fixtures/factories';

describe('key builders', () => {
  it('build distinct, prefixed keys per entity', () => {
    expect(directoryKeys.node('130628')).toEqual({ pk: 'NODE#130628', sk: 'NODE' });
    expect(directoryKeys.qrToken('abc')).toEqual({ pk: 'QR#abc', sk: 'QR' });
    expect(questionnaireKeys.version('q', 12)).toEqual({ pk: 'Q#q', sk: 'V#000012' });
    expect(responseKeys.submission('sp', 's1')).toEqual({ pk: 'SUB#sp#s1', sk: 'SUB' });
    expect(responseKeys.dailyAggregate('sp', '2026-11-28', 'q', 2)).toEqual({
      pk: 'AGG#sp',
      sk: 'DAY#2026-11-28#Q#q#V#2',
    });
  });

  it('sort versions numerically through zero padding', () => {
    expect(questionnaireKeys.version('q', 9).sk < questionnaireKeys.version('q', 10).sk).toBe(true);
  });

  it('make an aggregate range that covers both end days and nothing else', () => {
    const r = responseKeys.dailyAggregateRange('sp', '2026-11-01', '2026-11-30');
    const inRange = (day: string) => {
      const sk = responseKeys.dailyAggregate('sp', day, 'q', 1).sk;
      return sk >= r.from && sk <= r.to;
    };
    expect([
      inRange('2026-11-01'),
      inRange('2026-11-30'),
      inRange('2026-10-31'),
      inRange('2026-12-01'),
    ]).toEqual([true, true, false, false]);
  });
});

describe('buildSaveSubmissionInput', () => {
  const input = buildSaveSubmissionInput({ responses: 'R' }, aNewSubmission());
  const items = input.TransactItems!;

  it('writes only to the Responses table: no check on the code or the questionnaire version', () => {
    expect(items.map((i) => Object.values(i)[0]?.TableName)).toEqual(items.map(() => 'R'));
    expect(items.some((i) => i.ConditionCheck)).toBe(false);
  });

  it('creates the submission record only if new, then the response and its receipt', () => {
    expect(items[0]?.Put?.Item?.pk?.S).toBe('SUB#130628001-01#sub-000001');
    expect(items[0]?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(items[1]?.Put?.Item?.entity?.S).toBe('Response');
    expect(items[2]?.Put?.Item?.pk?.S).toBe('RCPT#ABCD-EFGH-JKMN');
  });

  it("adds to the drawn shard of the service point's and of the unit's aggregates, kept per window", () => {
    expect(items[3]?.Update?.Key?.pk?.S).toBe('AGG#130628001-01');
    expect(items[3]?.Update?.Key?.sk?.S).toBe('DAY#2026-11-28#Q#window-service#V#1#SP#130628001-01#S#7');
    expect(items[4]?.Update?.Key?.pk?.S).toBe('AGG#130628001');
    expect(items[4]?.Update?.Key?.sk?.S).toBe('DAY#2026-11-28#Q#window-service#V#1#SP#130628001-01#S#7');
    expect(items[3]?.Update?.UpdateExpression).toContain('ADD ');
  });

  it('stores the shard on the response but not the aggregate delta', () => {
    expect(items[1]?.Put?.Item?.aggregateShard?.N).toBe('7');
    expect(items[1]?.Put?.Item).not.toHaveProperty('delta');
  });
});

describe('aggregate counters', () => {
  it('flatten and parse back to the same delta', () => {
    const delta = aggregateDelta(aQuestionnaire(), someAnswers({ q_problems: ['rude', 'long_wait'] }));
    const raw = {
      nodeId: 'sp',
      day: '2026-11-28',
      questionnaireId: 'q',
      version: 1,
      ...aggregateCounters(delta),
    };
    expect(parseAggregate(raw)).toEqual({
      nodeId: 'sp',
      day: '2026-11-28',
      questionnaireId: 'q',
      version: 1,
      ...delta,
    });
  });
});

describe('questionnaire writes', () => {
  it('publish only a draft and only move the head forward', () => {
    const [version, head] = buildPublishInput('Q', 'q', 3, '2026-11-28T00:00:00Z').TransactItems!;
    expect(version?.Update?.ConditionExpression).toBe('#status = :draft');
    expect(head?.Update?.ConditionExpression).toContain('latestPublished < :v');
  });

  it('edit only drafts', () => {
    const [u] = buildUpdateDraftInput('Q', 'q', 1, aQuestionnaire()).TransactItems!;
    expect(u?.Update?.ConditionExpression).toBe('#status = :draft');
  });

  it('create tokens only once', () => {
    const input = buildPutQrTokenInput('D', {
      tokenId: 't',
      servicePointId: 'sp',
      unitId: 'u',
      questionnaireId: 'q',
      status: 'active',
      createdAt: '2026-11-28T00:00:00Z',
    });
    expect(input.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(input.Item?.gsi1pk?.S).toBe('QRSP#sp');
  });
});
