import { describe, expect, it } from 'vitest';
import { versionKey } from '../../../functions/domain/dashboard';
import { contentDisposition } from '../../../functions/services/exports/content-disposition';
import { csvField, toCsv } from '../../../functions/services/exports/csv';
import { questionColumns, responsesSheet } from '../../../functions/services/exports/export-responses';
import { beijingTime } from '../../../functions/services/exports/sheet';
import { aQuestionnaire } from '../../fixtures/factories';

describe('CSV', () => {
  it('quotes quotes, commas and line breaks, and neutralises formulas first', () => {
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField('=1,2')).toBe(`"'=1,2"`);
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
  });

  it('starts with a BOM and ends every row with CRLF', () => {
    expect(toCsv({ name: 's', header: ['甲', '乙'], rows: [[1, '=x']], note: '注' })).toBe(
      "\uFEFF甲,乙\r\n1,'=x\r\n注\r\n",
    );
  });
});

describe('Content-Disposition', () => {
  it('gives an ASCII fallback and an RFC 5987 UTF-8 name', () => {
    expect(contentDisposition('r-1.csv', "评价 (1)'!.csv")).toBe(
      `attachment; filename="r-1.csv"; filename*=UTF-8''%E8%AF%84%E4%BB%B7%20%281%29%27%21.csv`,
    );
  });

  it('keeps quotes, slashes and non-ASCII out of the fallback and slashes out of the name', () => {
    const cd = contentDisposition('a"b/评.csv', '../评/价.csv');
    expect(cd).toContain('filename="a_b__.csv"');
    expect(decodeURIComponent(cd.split("UTF-8''")[1]!)).toBe('.._评_价.csv');
  });
});

describe('responses sheet', () => {
  const v1 = aQuestionnaire();
  const v2 = aQuestionnaire({
    questions: [
      {
        type: 'text',
        id: 'q_new',
        indicator: 'NEW',
        required: false,
        maxLength: 10,
        text: { 'zh-CN': '新题', en: 'New' },
      },
      ...aQuestionnaire().questions,
    ],
  });
  const contents = new Map([
    [versionKey('window-service', 1), v1],
    [versionKey('window-service', 2), v2],
  ]);

  it('makes one column per question across versions, newest version’s order first', () => {
    const cols = questionColumns(contents).map((c) => c.header);
    expect(cols[0]).toBe('新题');
    expect(cols).toHaveLength(v1.questions.length + 1);
  });

  it('writes answers the way people read them', () => {
    const sheet = responsesSheet(
      [
        {
          responseId: 'r1',
          servicePointId: 'sp',
          unitId: 'u',
          questionnaireId: 'window-service',
          version: 1,
          answers: { q_overall: 2, q_business: 'vehicle', q_problems: ['rude', 'long_wait'], q_recommend: 0 },
          locale: 'zh-CN',
          startedAt: '2026-10-05T01:58:00.000Z',
          submittedAt: '2026-10-05T16:30:00.000Z',
          day: '2026-10-06',
          receipt: 'X',
          lowestLevel: 2,
          hasComment: false,
        },
      ],
      contents,
      (id) => ({ sp: '窗口', u: '派出所' })[id] ?? id,
    );
    const row = Object.fromEntries(sheet.header.map((h, i) => [h, sheet.rows[0]![i]]));
    expect(row).toMatchObject({
      提交时间: '2026-10-06 00:30:00',
      服务窗口: '窗口',
      单位: '派出所',
      问卷: '公安窗口服务满意度评价',
      您对本次办事的总体评价: '不满意',
      您今天办理的业务: '车驾管业务',
      '您遇到了哪些问题？（可多选）': '态度生硬；等候时间长',
      '您向亲友推荐来这里办事的可能性有多大？': 0,
      新题: null,
    });
  });

  it('shows Beijing wall-clock time', () => {
    expect(beijingTime('2026-10-06T23:30:00.000Z')).toBe('2026-10-07 07:30:00');
  });
});

describe('export cap', () => {
  it('stops at the cap and says so in the last row and a header', async () => {
    const { exportResponses } = await import('../../../functions/services/exports/export-responses');
    const { MemoryResponses, aRecord } = await import('./memory-reporting');
    const records = [1, 2, 3].map((n) =>
      aRecord(n, { unitId: 'U1', servicePointId: 'U1-01', submittedAt: `2026-10-05T0${n}:00:00.000Z` }),
    );
    const unit = {
      id: 'U1',
      kind: 'unit' as const,
      path: 'P/U1',
      name: { 'zh-CN': '派出所', en: 'Station' },
      active: true,
    };
    const deps = {
      responses: new MemoryResponses(records),
      versions: { getVersion: async () => undefined },
      tree: { getNodes: async () => new Map([['U1', unit]]), descendants: async () => [] },
      cutoffDay: async () => '2026-12-31',
    };
    const p = { userId: 'u', name: 'u', role: 'county_admin' as const, scopeId: 'P', scopePath: 'P' };
    const file = await exportResponses(
      deps,
      p,
      { nodeId: 'U1', from: '2026-10-01', to: '2026-10-31' },
      'csv',
      2,
    );
    const lines = String(file.body).split('\r\n');
    expect(lines).toHaveLength(5); // header, 2 rows, note, final empty
    expect(lines[3]).toContain('仅导出最新的 2 行');
    expect(file.headers['X-Export-Truncated']).toBe('2');
    const all = await exportResponses(
      deps,
      p,
      { nodeId: 'U1', from: '2026-10-01', to: '2026-10-31' },
      'csv',
      3,
    );
    expect(all.headers).not.toHaveProperty('X-Export-Truncated');
  });
});
