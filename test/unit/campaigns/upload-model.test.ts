/** The upload page's reading of an upload at each poll, and what it announces a file as. */
import { describe, expect, it } from 'vitest';
import { shownUploadStatus } from '../../../functions/domain/campaign';
import {
  contentTypeFor,
  fmtBytes,
  importProgress,
  isSettled,
  type UploadView,
} from '../../../web/console/campaigns/upload-model';

const upload = (over: Partial<UploadView> = {}): UploadView => ({
  uploadId: 'u-1',
  campaignId: 'c-1',
  format: 'csv',
  uploadedBy: 'agency-analyst',
  progress: 0,
  fileName: 'a.csv',
  status: 'pending',
  totalRows: 0,
  validRows: 0,
  rejectedRows: 0,
  accepted: 0,
  duplicates: 0,
  processed: 0,
  createdAt: '2026-11-20T08:00:00.000Z',
  ...over,
});

describe('upload progress on the console page', () => {
  it('shows an indeterminate bar while rows are read, since the total is not known yet', () => {
    const p = importProgress(upload({ status: 'validating', totalRows: 5000, rejectedRows: 12 }));
    expect(p).toMatchObject({ phase: 'reading', fraction: null, rowsRead: 5000, rejected: 12 });
  });

  it('fills the bar with the valid rows written while importing', () => {
    const p = importProgress(
      upload({
        status: 'importing',
        totalRows: 1000,
        validRows: 800,
        processed: 200,
        accepted: 190,
        duplicates: 10,
      }),
    );
    expect(p).toMatchObject({ phase: 'writing', fraction: 0.25, written: 200, valid: 800, accepted: 190 });
  });

  it('waits at zero for a file not yet arrived, and is full once done or refused', () => {
    expect(importProgress(upload())).toMatchObject({ phase: 'waiting', fraction: 0 });
    expect(importProgress(upload({ status: 'done', validRows: 0 }))).toMatchObject({
      phase: 'done',
      fraction: 1,
    });
    expect(importProgress(upload({ status: 'failed' }))).toMatchObject({ phase: 'failed', fraction: 1 });
  });

  it('stops polling only once an upload can change no more', () => {
    expect(['pending', 'validating', 'importing'].map(isSettled)).toEqual([false, false, false]);
    expect(['done', 'failed', 'withdrawn'].map(isSettled)).toEqual([true, true, true]);
  });

  it('announces a file by its extension, whatever type the browser guessed', () => {
    expect(contentTypeFor('访问数据.CSV')).toBe('text/csv');
    expect(contentTypeFor('b.xlsx')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
  });

  it('prints sizes as file managers do', () => {
    expect([fmtBytes(850), fmtBytes(12_595), fmtBytes(4_781_506)]).toEqual(['850 B', '12.3 KB', '4.56 MB']);
  });
});

describe('an announced file that never arrives', () => {
  const announced = { status: 'pending' as const, expiresAt: '2026-11-28T10:05:00.000Z' };

  it('stays pending while its URL is valid and for a grace period after', () => {
    expect(shownUploadStatus(announced, new Date('2026-11-28T10:04:00Z'))).toBe('pending');
    expect(shownUploadStatus(announced, new Date('2026-11-28T10:19:00Z'))).toBe('pending');
  });

  it('shows as expired after that, and never changes a file that did arrive', () => {
    expect(shownUploadStatus(announced, new Date('2026-11-28T10:21:00Z'))).toBe('expired');
    expect(shownUploadStatus({ ...announced, status: 'done' }, new Date('2027-01-01T00:00:00Z'))).toBe(
      'done',
    );
    expect(shownUploadStatus({ status: 'pending' }, new Date('2027-01-01T00:00:00Z'))).toBe('pending');
  });

  it('is shown as a failed transfer on the upload page', () => {
    expect(importProgress(upload({ status: 'expired' })).phase).toBe('failed');
    expect(isSettled('expired')).toBe(true);
  });
});
