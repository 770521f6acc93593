/** Turns a sheet into a downloadable file in the requested format. */
import { contentDisposition } from './content-disposition';
import { toCsv } from './csv';
import type { Sheet } from './sheet';
import { toXlsx } from './xlsx';

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportFile {
  body: Uint8Array | string;
  headers: Record<string, string>;
}

const TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * @param names base names without extension: ASCII fallback and the real (Chinese) one
 * @param truncated rows left out, if the export hit its cap (also said in the file's last row)
 * @param more further worksheets after the first (XLSX only; a CSV holds the first sheet alone)
 */
export async function renderExport(
  sheet: Sheet,
  format: ExportFormat,
  names: { ascii: string; name: string },
  truncated?: number,
  more: readonly Sheet[] = [],
): Promise<ExportFile> {
  const body = format === 'csv' ? toCsv(sheet) : await toXlsx(sheet, ...more);
  return {
    body,
    headers: {
      'Content-Type': TYPES[format],
      'Content-Disposition': contentDisposition(`${names.ascii}.${format}`, `${names.name}.${format}`),
      ...(truncated === undefined ? {} : { 'X-Export-Truncated': String(truncated) }),
    },
  };
}
