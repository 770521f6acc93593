/**
 * Rows of an agency file, CSV or XLSX, as an async stream of string cells with their line
 * number, so that a 200 000-row file is validated without holding parsed objects twice.
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';

export interface RawRow {
  /** 1-based line (CSV) or row number (XLSX) in the file as the agency sees it. */
  line: number;
  cells: string[];
}

/** CSV rows; the first yielded row is the header. */
export async function* csvRows(text: string): AsyncGenerator<RawRow> {
  const parser = Readable.from([text]).pipe(
    parse({ info: true, relax_column_count: true, skip_empty_lines: true, bom: true, trim: true }),
  );
  for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield { line: rec.info.lines, cells: rec.record };
  }
}

const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
  }
  return String(v).trim();
};

/** Rows of the first worksheet of an XLSX workbook, read with exceljs' streaming reader (loaded here). */
export async function* xlsxRows(bytes: Uint8Array): AsyncGenerator<RawRow> {
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), {
    sharedStrings: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    styles: 'ignore',
  });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = row.values as ExcelJS.CellValue[];
      const cells = values.slice(1).map(cellText);
      if (cells.every((c) => c === '')) continue;
      yield { line: row.number, cells };
    }
    return; // first worksheet only
  }
}
