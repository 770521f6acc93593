/** A rendered-format-neutral table: what CSV and XLSX exports are both written from. */

import { beijingWallClock } from '../../domain/service-day';
import type { CellValue } from '../../domain/spreadsheet-safety';

export interface Sheet {
  /** Worksheet name (XLSX) — at most 31 characters, no []:*?/\. */
  name: string;
  header: string[];
  rows: CellValue[][];
  /** A closing remark written as the last row, e.g. that the export was truncated. */
  note?: string;
}

/** Beijing wall-clock time `YYYY-MM-DD HH:mm:ss` of an ISO instant (exports are read by people in China). */
export const beijingTime = beijingWallClock;

export const MAX_EXPORT_ROWS = 50_000;

/** The note of a truncated export, zh-CN first. */
export const truncatedNote = (cap: number) =>
  `注：结果超过 ${cap} 行，仅导出最新的 ${cap} 行，请缩小时间范围或增加筛选条件后分批导出。` +
  ` Note: truncated to the newest ${cap} rows; narrow the period or filters to export the rest.`;
