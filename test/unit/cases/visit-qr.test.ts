/** A visit's own QR code: what the token binds, what the transactions write, what the visit shows. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildSaveSubmissionInput } from '../../../functions/db/response-repository';
import { buildIssueVisitQrItems, buildVisitReturnUpdate } from '../../../functions/db/visit-qr-items';
import { isExpired, visitQrExpiry, visitQrStatus } from '../../../functions/domain/cases/visit';
import {
  issueOfCase,
  NO_COMMENT_SUMMARY,
  redactPersonalData,
} from '../../../functions/domain/cases/visit-issues';
import { signQrToken, verifyQrSignature } from '../../../functions/domain/qr-token';
import { expiringTokenLoader } from '../../../functions/services/cases/expiring-tokens';
import type { QrTokenRecord } from '../../../functions/services/ports';
import { aNewSubmission } from '../../fixtures/factories';

const key = Buffer.alloc(32, 7);
const binding = { tokenId: 'AAAAAAAAAAA', servicePointId: '130628001-01', questionnaireId: 'window-service' };

const aToken = (over: Partial<QrTokenRecord> = {}): QrTokenRecord => ({
  ...binding,
  unitId: '130628001',
  status: 'active',
  createdAt: '2026-11-28T01:00:00.000Z',
  visitId: 'v-1',
  expiresAt: '2026-12-05T16:00:00.000Z',
  ...over,
});

describe("the visit's token", () => {
  it('binds the visit: the same token re-pointed to another visit, or to none, fails verification', () => {
    const sig = signQrToken(key, { ...binding, visitId: 'v-1' }).slice(11);
    expect(verifyQrSignature(key, { ...binding, visitId: 'v-1' }, sig)).toBe(true);
    expect(verifyQrSignature(key, { ...binding, visitId: 'v-2' }, sig)).toBe(false);
    expect(verifyQrSignature(key, binding, sig)).toBe(false);
  });

  it('signs a code without a visit exactly as before, so printed codes stay valid', () => {
    const before = createHmac('sha256', key)
      .update(`qr1|${binding.tokenId}|${binding.servicePointId}|${binding.questionnaireId}`)
      .digest()
      .subarray(0, 12)
      .toString('base64url');
    expect(signQrToken(key, binding)).toBe(binding.tokenId + before);
  });

  it('expires at 24:00 Beijing time, the given number of days after the visit', () => {
    expect(visitQrExpiry('2026-11-28', 7)).toBe('2026-12-05T16:00:00.000Z');
    const qr = { ...aToken(), issuedAt: '', issuedBy: '', expiresAt: '2026-12-05T16:00:00.000Z' };
    expect(visitQrStatus('active', qr, new Date('2026-12-05T15:59:59Z'))).toBe('active');
    expect(visitQrStatus('active', qr, new Date('2026-12-05T16:00:00Z'))).toBe('expired');
    expect(visitQrStatus('revoked', qr, new Date('2026-11-29T00:00:00Z'))).toBe('revoked');
    expect(isExpired({}, new Date('2099-01-01T00:00:00Z'))).toBe(false);
  });

  it('is reported as withdrawn by the form readers once expired', async () => {
    const load = expiringTokenLoader(async () => aToken(), { now: () => new Date('2026-12-06T00:00:00Z') });
    expect((await load('x'))?.status).toBe('revoked');
    const fresh = expiringTokenLoader(async () => aToken(), { now: () => new Date('2026-12-01T00:00:00Z') });
    expect((await fresh('x'))?.status).toBe('active');
  });
});

describe('the transactions', () => {
  const tables = { responses: 'R' };

  it('counts a submission through a visit code on the visit, in the same transaction', () => {
    const items = buildSaveSubmissionInput(tables, aNewSubmission({ visitId: 'v-1' })).TransactItems!;
    const counter = items.find((i) => i.Update?.Key?.pk?.S === 'VISIT#v-1');
    expect(counter?.Update?.UpdateExpression).toBe('ADD questionnairesReturned :one');
    expect(items[1]?.Put?.Item?.visitId?.S).toBe('v-1');
  });

  it('leaves submissions through ordinary codes as they were', () => {
    const items = buildSaveSubmissionInput(tables, aNewSubmission()).TransactItems!;
    expect(items.some((i) => i.Update?.Key?.pk?.S?.startsWith('VISIT#'))).toBe(false);
  });

  it('also counts a held-back ballot as held', () => {
    expect(buildVisitReturnUpdate('R', 'v-1', true).Update?.UpdateExpression).toBe(
      'ADD questionnairesReturned :one, questionnairesHeld :one',
    );
  });

  it("issues the code outside the service point's index, only if the visit's code is unchanged", () => {
    const qr = {
      tokenId: 'AAAAAAAAAAA',
      servicePointId: '130628001-01',
      questionnaireId: 'q',
      issuedAt: '',
      issuedBy: '',
      expiresAt: '',
    };
    const audit = {
      id: 'a',
      at: '2026-11-28T01:00:00.000Z',
      actor: { userId: 'u', name: 'u', role: 'unit_staff' as const },
      action: 'visit.qr.issue',
      targetType: 'visit',
      targetId: 'v-1',
      targetPath: 'p',
    };
    const items = buildIssueVisitQrItems(
      { directory: 'D', responses: 'R', audit: 'A' },
      aToken(),
      qr,
      undefined,
      audit,
    );
    expect(items[1]?.Put?.Item?.pk?.S).toBe('QR#AAAAAAAAAAA');
    expect(items[1]?.Put?.Item).not.toHaveProperty('gsi1pk');
    expect(items[2]?.Update?.ConditionExpression).toBe('attribute_exists(pk) AND attribute_not_exists(qr)');
    const replacing = buildIssueVisitQrItems(
      { directory: 'D', responses: 'R', audit: 'A' },
      aToken(),
      qr,
      'OLD',
      audit,
    );
    expect(replacing[2]?.Update?.ExpressionAttributeValues?.[':previous']?.S).toBe('OLD');
  });
});

describe('the issues a visit record lists', () => {
  const titles = (id: string) => ({ q_attitude: '服务态度' })[id];

  it('describes a bad review by its reasons and a comment excerpt without phone, ID or e-mail', () => {
    const issue = issueOfCase(
      {
        source: 'response',
        reasons: ['level:q_attitude:1', 'keyword:q_suggestion:推诿'],
        summary: '民警推诿，请联系 138 1234 5678 或 a.b@example.cn，身份证 13062819900101123X',
      },
      titles,
    );
    expect(issue).toBe(
      '「服务态度」非常不满意；「q_suggestion」投诉词“推诿”；意见：民警推诿，请联系 ＊＊＊ 或 ＊＊＊，身份证 ＊＊＊',
    );
  });

  it('shows only the reasons of a bad review without comment, and a staff-recorded problem as written', () => {
    expect(
      issueOfCase({ source: 'response', reasons: ['level:q_overall:2'], summary: NO_COMMENT_SUMMARY }),
    ).toBe('「q_overall」不满意');
    expect(issueOfCase({ source: 'visit', reasons: [], summary: '校门口拥堵' })).toBe('校门口拥堵');
  });

  it('keeps unit codes and dates intact', () => {
    expect(redactPersonalData('130628001 窗口 2026-11-28 座机 0312-6712345')).toBe(
      '130628001 窗口 2026-11-28 座机 ＊＊＊',
    );
  });
});
