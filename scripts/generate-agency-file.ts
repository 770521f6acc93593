/**
 * A realistic agency file for every Hebei county: `npx tsx scripts/generate-agency-file.ts [perCounty] [out.csv|out.xlsx]`.
 * Each county gets its own true satisfaction level (ceiling effect: most between 88 and 97), phone
 * interviews dominate, a minority are face to face or SMS, and post-stratification weights vary
 * around 1. Seeded, so the same arguments always give the same file.
 */
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { DEFAULT_QUESTIONS as campaignQuestions } from '../functions/domain/campaign';
import { mulberry32 } from '../functions/domain/scoring/prng';
import divisions from '../local/seed/hebei-divisions.json' with { type: 'json' };

/** The 167 county codes of Hebei, from the seed file. */
export const hebeiCounties = (): string[] =>
  (divisions as { cities: { counties: { code: string }[] }[] }).cities.flatMap((c) =>
    c.counties.map((k) => k.code),
  );

export const AGENCY_COLUMNS = [
  'interview_id',
  'county_code',
  'date',
  'mode',
  'weight',
  ...campaignQuestions.map((q) => q.id),
];

export interface GenerateOptions {
  perCounty: number;
  counties?: string[];
  seed?: number;
  /** Prefix of interview ids (distinct prefixes → non-overlapping files). */
  idPrefix?: string;
  weighted?: boolean;
}

/** Rows (cells as text, header first). */
export function generateAgencyRows(o: GenerateOptions): string[][] {
  const rand = mulberry32(o.seed ?? 2026);
  const counties = o.counties ?? hebeiCounties();
  const rows: string[][] = [AGENCY_COLUMNS];
  let k = 0;
  for (const county of counties) {
    // Share answering 非常满意/满意 at the top, with a county-specific tilt.
    const top = 0.55 + 0.35 * rand();
    for (let i = 0; i < o.perCounty; i++) {
      k++;
      const day = `2026-${String(10 + Math.floor(rand() * 3)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
      const r = rand();
      const mode = r < 0.7 ? 'phone' : r < 0.9 ? 'face_to_face' : 'sms';
      const weight = o.weighted === false ? '' : (0.5 + rand()).toFixed(3);
      const answers = campaignQuestions.map(() => {
        const u = rand();
        if (u < 0.03) return ''; // 不了解
        if (u < top) return '5';
        if (u < top + (1 - top) * 0.6) return '4';
        if (u < top + (1 - top) * 0.85) return '3';
        return u < top + (1 - top) * 0.95 ? '2' : '1';
      });
      rows.push([
        `${o.idPrefix ?? 'IV'}${String(k).padStart(7, '0')}`,
        county,
        day,
        mode,
        weight,
        ...answers,
      ]);
    }
  }
  return rows;
}

/** The rows as CSV text (UTF-8). */
export const toCsv = (rows: string[][]): string => `${rows.map((r) => r.join(',')).join('\n')}\n`;

/** The rows as an XLSX workbook. */
export async function toXlsx(rows: string[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('访问数据');
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const perCounty = Number(process.argv[2] ?? 200);
  const out = process.argv[3] ?? 'agency-interviews.csv';
  const rows = generateAgencyRows({ perCounty });
  writeFileSync(out, out.endsWith('.xlsx') ? await toXlsx(rows) : toCsv(rows));
  console.log(`wrote ${rows.length - 1} interviews for ${hebeiCounties().length} counties to ${out}`);
}
