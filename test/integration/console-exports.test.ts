import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AGGREGATE_HEADER } from '../../functions/services/exports/export-aggregates';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { answersAt, storeRawResponse, submitAt } from './reporting-fixtures';

const V1 = '/api/console/v1';
let stack: ConsoleStack;

/** Comments that a spreadsheet would run as formulas if written raw. */
const HOSTILE = ["=cmd|' /C calc'!A0", '+1', '-1', '@SUM(1)', '＝1', '＋SUM(1)', '－1', '＠A1'];
/** Leading tab and CR: the public form trims them, so they are stored directly (as an import might). */
const RAW_HOSTILE = ['\t=1', '\r=1'];
const ALL_HOSTILE = [...HOSTILE, ...RAW_HOSTILE];

beforeAll(async () => {
  stack = await createConsoleStack();
  let minute = 0;
  const at = () => new Date(Date.UTC(2026, 9, 5, 2, minute++)).toISOString();
  for (const text of HOSTILE) {
    await submitAt(
      stack,
      '130628001-01',
      at(),
      answersAt(4, { q_business: 'household', q_suggestion: text }),
    );
  }
  for (const text of RAW_HOSTILE) {
    await storeRawResponse(stack, {
      servicePointId: '130628001-01',
      unitId: '130628001',
      submittedAt: at(),
      answers: { ...answersAt(4), q_suggestion: text },
      lowestLevel: 4,
    });
  }
  await submitAt(
    stack,
    '130628002-01',
    at(),
    answersAt(2, { q_problems: ['rude', 'long_wait'], q_recommend: 3 }),
  );
  await submitAt(
    stack,
    '130628003-01',
    '2026-10-20T02:00:00.000Z',
    answersAt(5, { q_suggestion: '引号"和,逗号\n换行' }),
  );
});

const download = async (user: string, path: string) => {
  const res = await stack.as(user).get(`${V1}/exports/${path}`);
  return { ...res, bytes: Buffer.from(await res.raw.arrayBuffer()) };
};
const parseCsv = (bytes: Buffer): string[][] =>
  parse(bytes.toString('utf8'), { bom: true, relax_column_count: true });
const readXlsx = async (bytes: Buffer) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
};

const COUNTY = 'nodeId=130628&from=2026-10-01&to=2026-10-31';

describe('GET /exports/responses.csv', () => {
  it('writes a UTF-8 BOM, CRLF rows and Chinese headers with one column per question', async () => {
    const res = await download('county-admin', `responses.csv?${COUNTY}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = res.bytes.toString('utf8');
    expect(text.split('\r\n').length).toBeGreaterThan(ALL_HOSTILE.length + 2);
    const [header, ...rows] = parseCsv(res.bytes);
    expect(header!.slice(0, 7)).toEqual([
      '评价编号',
      '提交时间',
      '服务日',
      '服务窗口',
      '单位',
      '问卷',
      '版本',
    ]);
    expect(header).toContain('您对本次办事的总体评价');
    expect(header).toContain('意见和建议');
    expect(rows).toHaveLength(ALL_HOSTILE.length + 2);
    const col = (name: string) => header!.indexOf(name);
    const newest = rows[0]!;
    expect(newest[col('服务窗口')]).toBe('违法处理窗口');
    expect(newest[col('提交时间')]).toBe('2026-10-20 10:00:00');
    expect(newest[col('意见和建议')]).toBe('引号"和,逗号\n换行');
    const bad = rows.find((r) => r[col('您对本次办事的总体评价')] === '不满意')!;
    expect(bad[col('您遇到了哪些问题？（可多选）')]).toBe('态度生硬；等候时间长');
    expect(bad[col('您向亲友推荐来这里办事的可能性有多大？')]).toBe('3');
  });

  it('neutralises every hostile cell with a leading apostrophe', async () => {
    const res = await download('county-admin', `responses.csv?${COUNTY}`);
    const [header, ...rows] = parseCsv(res.bytes);
    const comments = rows.map((r) => r[header!.indexOf('意见和建议')]);
    for (const text of ALL_HOSTILE) expect(comments).toContain(`'${text}`);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r＝＋－＠]/);
  });

  it('names the file in Chinese with an ASCII fallback', async () => {
    const res = await download('county-admin', `responses.csv?${COUNTY}`);
    const cd = res.headers.get('content-disposition')!;
    expect(cd).toMatch(
      /^attachment; filename="responses-130628-2026-10-01-2026-10-31\.csv"; filename\*=UTF-8''/,
    );
    expect(decodeURIComponent(cd.split("UTF-8''")[1]!)).toBe('评价明细-高阳县-2026-10-01至2026-10-31.csv');
  });

  it('applies the list’s filters', async () => {
    const [, ...rows] = parseCsv(
      (await download('county-admin', `responses.csv?${COUNTY}&maxLevel=2`)).bytes,
    );
    expect(rows).toHaveLength(1);
  });
});

describe('GET /exports/responses.xlsx', () => {
  it('opens as plain data: hostile cells are neutralised strings, never formulas', async () => {
    const res = await download('county-admin', `responses.xlsx?${COUNTY}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const ws = await readXlsx(res.bytes);
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header[0]).toBe('评价编号');
    const commentCol = header.indexOf('意见和建议') + 1;
    const comments: unknown[] = [];
    ws.eachRow((row, n) => {
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        if (typeof cell.value === 'string') expect(cell.value).not.toMatch(/^[=+\-@\t\r＝＋－＠]/);
      });
      if (n > 1) comments.push(row.getCell(commentCol).value);
    });
    // XML normalises a stored CR to LF on reading; the apostrophe in front is what matters.
    for (const text of ALL_HOSTILE) expect(comments).toContain(`'${text.replace('\r', '\n')}`);
    expect(ws.rowCount).toBe(ALL_HOSTILE.length + 3);
  });
});

describe('GET /exports/aggregates', () => {
  it('writes statistics per unit and a total per period, from the aggregates', async () => {
    const res = await download('county-admin', `aggregates.csv?${COUNTY}&granularity=month`);
    expect(res.status).toBe(200);
    const [header, ...rows] = parseCsv(res.bytes);
    expect(header).toEqual(AGGREGATE_HEADER);
    // Aggregates count what the public API accepted: 8 responses at level 4 (score 80) in unit 001
    // (the two stored directly are not aggregated), one at level 2 (30) in 002, one at 5 (100) in 003.
    // Total: 45 of 50 answers satisfied = 90 %; score (40 × 80 + 5 × 30 + 5 × 100) / 50 = 77.
    expect(rows).toEqual([
      [
        '2026-10',
        '2026-10-01',
        '130628001',
        '高阳县公安局城关派出所',
        '8',
        '40',
        '100',
        '80',
        '0',
        '40',
        '0',
        '0',
        '0',
      ],
      [
        '2026-10',
        '2026-10-01',
        '130628002',
        '高阳县公安局车辆管理所',
        '1',
        '5',
        '0',
        '30',
        '0',
        '0',
        '0',
        '5',
        '0',
      ],
      [
        '2026-10',
        '2026-10-01',
        '130628003',
        '高阳县公安局交警大队城区中队',
        '1',
        '5',
        '100',
        '100',
        '5',
        '0',
        '0',
        '0',
        '0',
      ],
      ['2026-10', '2026-10-01', '130628', '高阳县（合计）', '10', '50', '90', '77', '5', '40', '0', '5', '0'],
    ]);
  });

  it('leaves rate and score blank for an empty period, in XLSX too', async () => {
    const res = await download(
      'unit-staff',
      'aggregates.xlsx?nodeId=130628001&from=2026-09-29&to=2026-10-05&granularity=week',
    );
    const ws = await readXlsx(res.bytes);
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(AGGREGATE_HEADER);
    const empty = (ws.getRow(2).values as unknown[]).slice(1);
    expect(empty.slice(0, 6)).toEqual([
      '2026-W40',
      '2026-09-29',
      '130628001',
      '高阳县公安局城关派出所',
      0,
      0,
    ]);
    expect(empty[6]).toBeUndefined();
    expect((ws.getRow(3).values as unknown[]).slice(1, 8)).toEqual([
      '2026-W41',
      '2026-10-05',
      '130628001',
      '高阳县公安局城关派出所',
      8,
      40,
      100,
    ]);
  });

  it('refuses nodes outside the scope (404) and roles without the right (403)', async () => {
    expect((await download('unit-staff', `aggregates.csv?${COUNTY}`)).status).toBe(404);
    expect((await download('agency-analyst', `responses.xlsx?${COUNTY}`)).status).toBe(403);
  });
});
