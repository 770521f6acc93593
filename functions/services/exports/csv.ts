/** CSV for Excel and WPS: UTF-8 with a BOM (or Excel guesses GBK), CRLF rows, RFC 4180 quoting. */
import { safeCell } from '../../domain/spreadsheet-safety';
import type { Sheet } from './sheet';

/** One field: neutralised against formulas, then quoted when it holds a quote, comma or line break. */
export function csvField(value: Parameters<typeof safeCell>[0]): string {
  const cell = safeCell(value);
  if (cell === null) return '';
  const text = String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(sheet: Sheet): string {
  const lines = [sheet.header, ...sheet.rows].map((row) => row.map(csvField).join(','));
  if (sheet.note) lines.push(csvField(sheet.note));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
