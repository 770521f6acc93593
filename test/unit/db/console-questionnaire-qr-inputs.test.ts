import { describe, expect, it } from 'vitest';
import { buildIssueItems, buildRevokeUpdate, buildRotateItems } from '../../../functions/db/qr-repository';
import { buildAddVersionInput, buildArchiveInput } from '../../../functions/db/questionnaire-repository';
import type { AuditEntry } from '../../../functions/domain/audit';
import { aQuestionnaire } from '../../fixtures/factories';

const audit: AuditEntry = {
  id: 'a1',
  at: '2026-11-28T02:00:00.000Z',
  actor: { userId: 'u', name: 'n', role: 'unit_staff' },
  action: 'qr.issue',
  targetType: 'qr',
  targetId: 't',
  targetPath: '130000/130600/130628/130628001/130628001-01',
};
const tables = { directory: 'Dir', audit: 'Audit' };
const token = {
  tokenId: 'AAAAAAAAAAA',
  servicePointId: '130628001-01',
  unitId: '130628001',
  questionnaireId: 'window-service',
  status: 'active' as const,
  createdAt: '2026-11-28T02:00:00.000Z',
};

describe('questionnaire console inputs', () => {
  it('adds a version only after the latest one and never to an archived questionnaire', () => {
    const [put, head] = buildAddVersionInput('Q', {
      questionnaireId: 'q1',
      version: 3,
      content: aQuestionnaire(),
      createdAt: '2026-11-28T02:00:00Z',
    });
    expect(put?.Put?.Item?.status).toEqual({ S: 'draft' });
    expect(put?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(head?.Update?.ConditionExpression).toBe(
      'latestVersion = :prev AND attribute_not_exists(archived)',
    );
    expect(head?.Update?.ExpressionAttributeValues?.[':prev']).toEqual({ N: '2' });
  });

  it('archives the head and flips each open version on the status it was seen with', () => {
    const items = buildArchiveInput(
      'Q',
      'q1',
      3,
      [
        { version: 1, status: 'published' },
        { version: 2, status: 'archived' },
        { version: 3, status: 'draft' },
      ],
      '2026-11-28T02:00:00Z',
    );
    expect(items).toHaveLength(3);
    expect(items[0]?.Update?.ConditionExpression).toBe(
      'latestVersion = :latest AND attribute_not_exists(archived)',
    );
    expect(items.slice(1).map((i) => i.Update?.ExpressionAttributeValues?.[':seen'])).toEqual([
      { S: 'published' },
      { S: 'draft' },
    ]);
  });
});

describe('QR console inputs', () => {
  it('issues only while the service point is active, with the audit entry', () => {
    const [check, put, entry] = buildIssueItems(tables, token, audit);
    expect(check?.ConditionCheck?.Key).toEqual({ pk: { S: 'NODE#130628001-01' }, sk: { S: 'NODE' } });
    expect(put?.Put?.Item?.entity).toEqual({ S: 'QrToken' });
    expect(entry?.Put?.TableName).toBe('Audit');
  });

  it('revokes only an active token', () => {
    expect(buildRevokeUpdate('Dir', 'AAAAAAAAAAA', 'now').Update?.ConditionExpression).toBe(
      '#status = :active',
    );
  });

  it('rotates by revoking the old token and issuing the new one in one transaction', () => {
    const items = buildRotateItems(tables, 'OLDOLDOLDOL', token, audit);
    expect(items.map((i) => Object.keys(i)[0])).toEqual(['Update', 'ConditionCheck', 'Put', 'Put']);
    expect(items[0]?.Update?.Key).toEqual({ pk: { S: 'QR#OLDOLDOLDOL' }, sk: { S: 'QR' } });
  });
});
