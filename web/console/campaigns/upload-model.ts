/**
 * Pure helpers of the upload page (unit-tested in Node): the ticket the server hands out, the
 * content type a file is announced with, and how far an upload has come at each poll.
 */

/** The server's answer to `POST /campaigns/:id/uploads/presign`: where and how to send the bytes. */
export type { UploadTicket } from '../../../functions/services/campaigns/presign-upload';

import type { UploadView } from '../api-types';

/** An upload as `GET /campaigns/:id/uploads/:uploadId` returns it. */
export type { UploadView };

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The content type a file is announced (and, on the S3 path, signed and sent) with, from its name:
 * browsers disagree on `File.type` for CSV (Windows with Excel says `application/vnd.ms-excel`, some
 * say nothing), and the signature needs the very same value on both requests.
 */
export const contentTypeFor = (fileName: string): string =>
  /\.xlsx$/i.test(fileName) ? XLSX_TYPE : 'text/csv';

/** Statuses after which an upload changes no more (polling stops). */
export const isSettled = (status: string): boolean =>
  status === 'done' || status === 'failed' || status === 'withdrawn' || status === 'expired';

export type ImportPhase = 'waiting' | 'reading' | 'writing' | 'done' | 'failed' | 'withdrawn';

/** How far the import is: phase, a fraction for the bar when one is known, and the counts so far. */
export interface ImportProgress {
  phase: ImportPhase;
  /** 0–1, or null while the total is unknown (rows are still being read). */
  fraction: number | null;
  rowsRead: number;
  /** Valid rows written so far, of `valid`. */
  written: number;
  valid: number;
  accepted: number;
  rejected: number;
  duplicates: number;
}

/** Reads an upload's state as the page shows it. */
export function importProgress(u: UploadView): ImportProgress {
  const counts = {
    rowsRead: u.totalRows,
    written: u.processed,
    valid: u.validRows,
    accepted: u.accepted,
    rejected: u.rejectedRows,
    duplicates: u.duplicates,
  };
  switch (u.status) {
    case 'pending':
      return { phase: 'waiting', fraction: 0, ...counts };
    case 'validating':
      return { phase: 'reading', fraction: null, ...counts };
    case 'importing':
      return {
        phase: 'writing',
        fraction: u.validRows > 0 ? Math.min(1, u.processed / u.validRows) : null,
        ...counts,
      };
    case 'failed':
    // An announced file that never arrived: nothing will happen to it any more.
    case 'expired':
      return { phase: 'failed', fraction: 1, ...counts };
    case 'withdrawn':
      return { phase: 'withdrawn', fraction: 1, ...counts };
    default:
      return { phase: 'done', fraction: 1, ...counts };
  }
}

/** `850 B`, `12.3 KB`, `4.56 MB` (binary multiples, as file managers show them). */
export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(2)} MB`;
}
