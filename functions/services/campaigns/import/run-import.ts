/**
 * The import of one agency file: the same code behind the local console route and the S3-event
 * Lambda. Valid rows are counted, invalid rows reported (line, column, reason), and a file that
 * cannot be read as a whole (encoding, missing columns, too large) stores nothing but its report.
 */
import type { Campaign, Interview, Upload } from '../../../domain/campaign';
import { decodeText } from './decode';
import { csvRows, type RawRow, xlsxRows } from './rows';
import { issuesCsv, type RowIssue, readHeader, readRow } from './validate-row';

/** Limits of one file. */
export const IMPORT_LIMITS = { maxBytes: 64 * 1024 * 1024, maxRows: 200_000 };

/** What the import needs from storage (ScoringRepository implements it). */
export interface ImportStore {
  putUpload(u: Upload): Promise<void>;
  updateUpload(campaignId: string, uploadId: string, fields: Partial<Upload>): Promise<void>;
  putErrorReport(campaignId: string, uploadId: string, csv: string): Promise<void>;
  /** Writes interviews with their aggregate deltas; returns ids already counted. */
  importBatch(campaign: Campaign, uploadId: string, interviews: readonly Interview[]): Promise<string[]>;
}

export interface ImportFile {
  fileName: string;
  bytes: Uint8Array;
}

export interface ImportOptions {
  uploadId: string;
  uploadedBy: string;
  now: () => Date;
  /** County codes of the campaign's scope. */
  counties: ReadonlySet<string>;
  limits?: Partial<typeof IMPORT_LIMITS>;
  /** Items per transaction (≤ 100). */
  maxTransactionItems?: number;
  /**
   * The `pending` record the console wrote when it issued the upload ticket: the import keeps its
   * creation time, path and announced size, and overwrites the rest.
   */
  pending?: Upload;
  /** Rows between two progress writes (rows read while validating, rows written while importing). */
  progressEvery?: number;
}

const fileError = (code: string, message: string, messageEn: string) => ({ code, message, messageEn });

export const formatOf = (fileName: string): 'csv' | 'xlsx' | undefined =>
  /\.xlsx$/i.test(fileName) ? 'xlsx' : /\.(csv|txt)$/i.test(fileName) ? 'csv' : undefined;

/** Cuts county-sorted interviews into batches that fit one transaction each. */
export function batches(sorted: readonly Interview[], indicatorCount: number, maxItems = 100): Interview[][] {
  const out: Interview[][] = [];
  let cur: Interview[] = [];
  let counties = new Set<string>();
  const cost = (n: number, c: number) => 2 + n + c * (indicatorCount + 1);
  for (const iv of sorted) {
    const c = counties.has(iv.countyId) ? counties.size : counties.size + 1;
    if (cur.length > 0 && cost(cur.length + 1, c) > maxItems) {
      out.push(cur);
      cur = [];
      counties = new Set();
    }
    cur.push(iv);
    counties.add(iv.countyId);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/**
 * 1. Records the upload (status `validating`; a pending ticket's record is taken over) so the agency sees it at once.
 * 2. Refuses the file whole if it is too large, not CSV/XLSX, not decodable, lacks a column or has too many rows.
 * 3. Validates every row, writing the rows read so far every `progressEvery` rows; duplicates inside
 *    the file are refused after their first line.
 * 4. Writes the valid interviews in county-sorted transactions with their aggregate deltas, updating progress.
 * 5. Stores the error report and the final counts.
 */
export async function importFile(
  store: ImportStore,
  campaign: Campaign,
  file: ImportFile,
  opts: ImportOptions,
): Promise<Upload> {
  const limits = { ...IMPORT_LIMITS, ...opts.limits };
  const progressEvery = opts.progressEvery ?? 5_000;
  const format = formatOf(file.fileName) ?? 'csv';
  const upload: Upload = {
    ...opts.pending,
    uploadId: opts.uploadId,
    campaignId: campaign.id,
    fileName: file.fileName,
    format,
    uploadedBy: opts.uploadedBy,
    createdAt: opts.pending?.createdAt ?? opts.now().toISOString(),
    status: 'validating',
    totalRows: 0,
    validRows: 0,
    rejectedRows: 0,
    accepted: 0,
    duplicates: 0,
    processed: 0,
  };
  await store.putUpload(upload);
  const fail = async (e: ReturnType<typeof fileError>, issues: RowIssue[] = []) => {
    const fields = { status: 'failed' as const, fileError: e, totalRows: upload.totalRows, rejectedRows: 0 };
    await store.putErrorReport(
      campaign.id,
      upload.uploadId,
      issuesCsv([
        { line: 0, column: '(file)', value: file.fileName, reason: e.message, reasonEn: e.messageEn },
        ...issues,
      ]),
    );
    await store.updateUpload(campaign.id, upload.uploadId, fields);
    return { ...upload, ...fields };
  };

  if (file.bytes.length > limits.maxBytes) {
    return fail(
      fileError(
        'FILE_TOO_LARGE',
        `文件过大（${file.bytes.length} 字节，上限 ${limits.maxBytes} 字节）`,
        `File too large (${file.bytes.length} bytes, limit ${limits.maxBytes})`,
      ),
    );
  }
  if (!formatOf(file.fileName)) {
    return fail(
      fileError('UNSUPPORTED_FORMAT', '仅支持 CSV 或 XLSX 文件', 'Only CSV or XLSX files are accepted'),
    );
  }
  let rows: AsyncGenerator<RawRow>;
  if (format === 'csv') {
    const decoded = decodeText(file.bytes);
    if (!decoded) {
      return fail(
        fileError(
          'UNKNOWN_ENCODING',
          '无法识别文件编码，请另存为“CSV UTF-8”后重新上传',
          'Unknown text encoding; save as "CSV UTF-8" and upload again',
        ),
      );
    }
    upload.encodingNote = decoded.note;
    rows = csvRows(decoded.text);
  } else {
    rows = xlsxRows(file.bytes);
  }

  const issues: RowIssue[] = [];
  const valid: Interview[] = [];
  const seen = new Map<string, number>();
  try {
    const first = await rows.next();
    if (first.done) return await fail(fileError('EMPTY_FILE', '文件为空', 'The file is empty'));
    const h = readHeader(first.value.cells, campaign.questions);
    if ('missing' in h) {
      return await fail(
        fileError(
          'MISSING_COLUMNS',
          `缺少必需的列：${h.missing.join('、')}`,
          `Missing required columns: ${h.missing.join(', ')}`,
        ),
      );
    }
    for await (const row of rows) {
      upload.totalRows++;
      // Reading 200 000 rows takes a while: show the count growing (the page polls it).
      if (upload.totalRows % progressEvery === 0) {
        await store.updateUpload(campaign.id, upload.uploadId, {
          totalRows: upload.totalRows,
          rejectedRows: upload.rejectedRows,
        });
      }
      if (upload.totalRows > limits.maxRows) {
        return await fail(
          fileError('TOO_MANY_ROWS', `行数超过上限 ${limits.maxRows}`, `More than ${limits.maxRows} rows`),
        );
      }
      const r = readRow(h.header, row.line, row.cells, {
        settings: campaign,
        counties: opts.counties,
        uploadId: upload.uploadId,
      });
      if ('issues' in r) {
        issues.push(...r.issues);
        upload.rejectedRows++;
        continue;
      }
      const firstLine = seen.get(r.interview.interviewId);
      if (firstLine !== undefined) {
        issues.push({
          line: row.line,
          column: 'interview_id',
          value: r.interview.interviewId,
          reason: `访问编号与第 ${firstLine} 行重复，本行未计入`,
          reasonEn: `Duplicate interview id (first on line ${firstLine}); this row is not counted`,
        });
        upload.rejectedRows++;
        continue;
      }
      seen.set(r.interview.interviewId, row.line);
      valid.push(r.interview);
    }
  } catch (err) {
    return fail(
      fileError(
        'UNREADABLE_FILE',
        '文件无法解析，请检查格式',
        `The file could not be parsed: ${(err as Error).message.slice(0, 200)}`,
      ),
    );
  }

  upload.validRows = valid.length;
  upload.status = 'importing';
  await store.updateUpload(campaign.id, upload.uploadId, {
    status: 'importing',
    totalRows: upload.totalRows,
    validRows: upload.validRows,
    rejectedRows: upload.rejectedRows,
    encodingNote: upload.encodingNote,
  });

  valid.sort((a, b) => (a.countyId < b.countyId ? -1 : a.countyId > b.countyId ? 1 : 0));
  const lineOf = new Map(valid.map((iv) => [iv.interviewId, iv.line]));
  let sinceProgress = 0;
  for (const batch of batches(valid, campaign.indicators.length, opts.maxTransactionItems)) {
    const dups = await store.importBatch(campaign, upload.uploadId, batch);
    upload.accepted += batch.length - dups.length;
    upload.duplicates += dups.length;
    upload.processed += batch.length;
    for (const id of dups) {
      issues.push({
        line: lineOf.get(id)!,
        column: 'interview_id',
        value: id,
        reason: '该访问编号已由此前的上传计入，本行未重复计入',
        reasonEn: 'Already counted by an earlier upload; not counted again',
      });
    }
    sinceProgress += batch.length;
    if (sinceProgress >= progressEvery) {
      sinceProgress = 0;
      await store.updateUpload(campaign.id, upload.uploadId, { duplicates: upload.duplicates });
    }
  }
  issues.sort((a, b) => a.line - b.line);
  await store.putErrorReport(campaign.id, upload.uploadId, issuesCsv(issues));
  upload.status = 'done';
  await store.updateUpload(campaign.id, upload.uploadId, { status: 'done', duplicates: upload.duplicates });
  return upload;
}
