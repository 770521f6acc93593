import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { buildOpenCaseInput, buildSaveCaseInput } from '../../../functions/db/case-repository';
import { negateDelta } from '../../../functions/domain/cases/exclusion';
import { aCase } from './case-factory';

const t = { responses: 'R', audit: 'A' };

describe('case write inputs', () => {
  it('opens a case only if absent, under its escalation day, and strips the phone from its response', () => {
    const input = buildOpenCaseInput(t, {
      case: aCase(),
      events: [],
      contact: { cipher: 'l1.x', masked: '138****5678', consentVersion: 'c1' },
      fromResponse: { responseId: 'resp-1', hadContact: true },
    });
    const [first, ...rest] = input.TransactItems!;
    expect(first!.Put!.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(unmarshall(first!.Put!.Item!)).toMatchObject({
      pk: `CASE#${aCase().id}`,
      gsi2pk: expect.stringMatching(/^DUECASES#[0-3]$/),
      // Acknowledge by the end of 3 Nov (Beijing): the job first looks on 4 Nov.
      gsi2sk: `2026-11-04#130628001#${aCase().id}`,
    });
    const update = rest.find((i) => i.Update)!.Update!;
    expect(update.UpdateExpression).toContain('REMOVE contactCipher');
    // A copy in the inbox of every node from the province down to the unit.
    const rows = rest
      .filter((i) => i.Put?.Item?.entity?.S === 'CaseInboxRow')
      .map((i) => unmarshall(i.Put!.Item!));
    expect(rows.map((r) => r.pk)).toEqual(
      ['130000', '130600', '130628', '130628001'].map((n) => `CASEINBOX#${n}`),
    );
    expect(new Set(rows.map((r) => r.sk))).toEqual(new Set([`2026-11-02T02:00:00.000Z#${aCase().id}`]));
  });

  it('keeps a handed-over case in the inboxes that list it now and takes it out of the others', () => {
    const county = '130000/130600/130628';
    const before = aCase({
      status: 'awaiting_coordination',
      coordination: {
        orgId: '130628100',
        orgPath: `${county}/130628100`,
        requestedAt: 'x',
        requestedBy: 'u',
      },
    });
    const after = {
      ...before,
      version: 2,
      coordination: {
        orgId: '130102001',
        orgPath: '130000/130100/130102/130102001',
        requestedAt: 'y',
        requestedBy: 'u',
      },
    };
    const items = buildSaveCaseInput(t, after, before, []).TransactItems!;
    const puts = items
      .filter((i) => i.Put?.Item?.entity?.S === 'CaseInboxRow')
      .map((i) => unmarshall(i.Put!.Item!).pk);
    const deletes = items.filter((i) => i.Delete).map((i) => unmarshall(i.Delete!.Key!).pk);
    expect(puts).toEqual(
      ['130000', '130600', '130628', '130628001', '130100', '130102', '130102001'].map(
        (n) => `CASEINBOX#${n}`,
      ),
    );
    expect(deletes).toEqual(['CASEINBOX#130628100']);
  });

  it('saves only over the version the caller read, and takes a closed case out of the escalation index', () => {
    const input = buildSaveCaseInput(
      t,
      aCase({ status: 'closed', version: 7, closedAt: 'x' }),
      aCase({ version: 6 }),
      [],
      {
        contactExpiresAt: 123,
      },
    );
    const items = input.TransactItems!;
    expect(unmarshall(items[0]!.Put!.ExpressionAttributeValues!)).toEqual({ ':expected': 6 });
    expect(unmarshall(items[0]!.Put!.Item!)).not.toHaveProperty('gsi2pk');
    expect(items.some((i) => i.Update?.UpdateExpression === 'SET expiresAt = :e')).toBe(true);
  });

  it('excludes a response once and subtracts it from both daily aggregates', () => {
    const response = {
      responseId: 'resp-1',
      servicePointId: '130628001-01',
      unitId: '130628001',
      questionnaireId: 'window-service',
      version: 1,
      day: '2026-11-02',
      answers: { q1: 1 },
    };
    const negatedDelta = negateDelta({
      responses: 1,
      questions: { q1: { n: 1, sum: 0, sumSq: 0, levels: { 1: 1 } } },
    });
    const items = buildSaveCaseInput(t, aCase({ version: 3 }), aCase({ version: 2 }), [], {
      exclusion: { response, negatedDelta, reason: '恶意', at: 'x' },
    }).TransactItems!;
    const updates = items.filter((i) => i.Update).map((i) => i.Update!);
    expect(updates[0]!.ConditionExpression).toContain('attribute_not_exists(excludedFromScores)');
    const aggs = updates.slice(1);
    expect(aggs.map((u) => unmarshall(u.Key!).pk)).toEqual(['AGG#130628001-01', 'AGG#130628001']);
    expect(Object.values(unmarshall(aggs[0]!.ExpressionAttributeValues!))).toEqual(
      expect.arrayContaining([-1]),
    );
    expect(Object.values(unmarshall(aggs[0]!.ExpressionAttributeValues!)).every((v) => Number(v) <= 0)).toBe(
      true,
    );
  });
});
