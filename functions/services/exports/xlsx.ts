/**
 * XLSX through exceljs: every text cell neutralised, stored as a plain string (never a formula).
 * exceljs is loaded by the first XLSX request (a chunk of its own in the Lambda bundle).
 */
import { safeCell } from '../../domain/spreadsheet-safety';
import type { Sheet } from './sheet';

/** Characters Excel forbids in sheet names. */
const sheetName = (name: string) => name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'Sheet1';

/** A workbook of one worksheet per sheet, in order. */
export async function toXlsx(...sheets: [Sheet, ...Sheet[]]): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = '开门评警';
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheetName(sheet.name), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(sheet.header.map(safeCell)).font = { bold: true };
    for (const row of sheet.rows) ws.addRow(row.map(safeCell));
    if (sheet.note) ws.addRow([safeCell(sheet.note)]).font = { italic: true };
    ws.columns.forEach((col, i) => {
      col.width = Math.min(40, Math.max(10, [...(sheet.header[i] ?? '')].length * 2 + 2));
    });
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
