/**
 * The agency template: the campaign's own agency and the province's staff download it; its first
 * sheet is exactly the header the import reads (a row filled under it is counted), and the XLSX
 * lists every county in scope with instructions.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { b64, campaignBody } from '../fixtures/campaign-stack';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';

const V1 = '/api/console/v1/campaigns';

let stack: ConsoleStack;
let campaignId: string;

beforeAll(async () => {
  stack = await createConsoleStack();
  const res = await stack.as('province-admin').post(V1, campaignBody({ minSample: 10 }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  campaignId = res.body.id;
}, 120_000);

async function workbook(user: string) {
  const res = await stack.as(user).get(`${V1}/${campaignId}/template?format=xlsx`);
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.raw.arrayBuffer());
  return wb;
}

const rowValues = (ws: ExcelJS.Worksheet, n: number) =>
  (ws.getRow(n).values as unknown[]).slice(1).map((v) => String(v));

describe('agency template', () => {
  it('gives the agency a CSV header that the import takes as it is', async () => {
    const res = await stack.as('agency-analyst').get(`${V1}/${campaignId}/template?format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/agency-template/);
    const text = res.body as string;
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(1);
    const header = text.replace(/^\uFEFF/, '').trim();
    expect(header).toBe(
      'interview_id,county_code,date,mode,weight,q_overall,q_window,q_traffic,q_safety,q_antigang',
    );
    const filled = `${header}\r\nT-0001,130628,2026-10-09,phone,1,5,4,4,5,3\r\n`;
    const up = await stack
      .as('agency-analyst')
      .post(`${V1}/${campaignId}/uploads`, { fileName: 'filled.csv', contentBase64: b64(filled) });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({ accepted: 1, rejectedRows: 0 });
  });

  it('lists every county in scope and how to fill each column in the XLSX', async () => {
    const wb = await workbook('province-admin');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['访问数据', '区县代码', '填写说明']);
    const [data, counties, help] = wb.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet, ExcelJS.Worksheet];
    expect(rowValues(data, 1)).toContain('q_antigang');
    expect(data.rowCount).toBe(1);
    expect(counties.rowCount - 1).toBe(167);
    expect(rowValues(counties, 1)).toEqual(['county_code', '区县', '所属市']);
    expect(
      counties
        .getColumn(1)
        .values.slice(2)
        .map((v) => String(v)),
    ).toContain('130628');
    expect(help.getColumn(1).values.slice(2).map(String)).toEqual([
      'interview_id',
      'county_code',
      'date',
      'mode',
      'weight',
      'q_overall',
      'q_window',
      'q_traffic',
      'q_safety',
      'q_antigang',
    ]);
  });

  it('lets province staff read it; an unknown campaign is 404, an unknown format 400', async () => {
    expect((await stack.as('unit-staff').get(`${V1}/${campaignId}/template`)).status).toBe(200);
    expect((await stack.as('agency-analyst').get(`${V1}/no-such-campaign/template`)).status).toBe(404);
    expect((await stack.as('agency-analyst').get(`${V1}/${campaignId}/template?format=pdf`)).status).toBe(
      400,
    );
  });
});
