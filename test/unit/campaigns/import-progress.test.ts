/** What the import writes for the console page to poll while a large file is read and written. */
import { describe, expect, it } from 'vitest';
import type { Upload } from '../../../functions/domain/campaign';
import { type ImportStore, importFile } from '../../../functions/services/campaigns/import/run-import';
import { generateAgencyRows, toCsv } from '../../../scripts/generate-agency-file';
import { campaignOf } from '../../fixtures/campaign';

/** An import store in memory that keeps every state the upload went through. */
function memoryStore() {
  let current: Upload | undefined;
  const states: Upload[] = [];
  const store: ImportStore = {
    putUpload: async (u) => {
      current = { ...u };
      states.push(current);
    },
    updateUpload: async (_c, _u, fields) => {
      current = { ...current!, ...fields };
      states.push(current);
    },
    putErrorReport: async () => {},
    importBatch: async (_c, _u, ivs) => {
      current = {
        ...current!,
        accepted: current!.accepted + ivs.length,
        processed: current!.processed + ivs.length,
      };
      states.push(current);
      return [];
    },
  };
  return { store, states };
}

const counties = ['130102', '130104', '130628'];
const bytes = new TextEncoder().encode(toCsv(generateAgencyRows({ perCounty: 20, counties, seed: 3 })));
const opts = {
  uploadId: 'u-1',
  uploadedBy: 'agency-analyst',
  now: () => new Date('2026-11-20T08:00:00Z'),
  counties: new Set(counties),
};

describe('import progress', () => {
  it('shows the rows read growing while a file is validated', async () => {
    const { store, states } = memoryStore();
    await importFile(store, campaignOf(), { fileName: 'a.csv', bytes }, { ...opts, progressEvery: 25 });
    const reading = states.filter((s) => s.status === 'validating').map((s) => s.totalRows);
    expect(reading).toEqual([0, 25, 50]);
    expect(states.at(-1)).toMatchObject({ status: 'done', totalRows: 60, processed: 60 });
  });

  it('takes over the pending ticket, keeping when and how the file was announced', async () => {
    const { store, states } = memoryStore();
    const pending: Upload = {
      uploadId: 'u-1',
      campaignId: 'camp-1',
      fileName: 'a.csv',
      format: 'csv',
      uploadedBy: 'agency-analyst',
      createdAt: '2026-11-20T07:58:00.000Z',
      status: 'pending',
      totalRows: 0,
      validRows: 0,
      rejectedRows: 0,
      accepted: 0,
      duplicates: 0,
      processed: 0,
      via: 's3',
      sizeBytes: bytes.length,
      expiresAt: '2026-11-20T08:03:00.000Z',
    };
    const done = await importFile(store, campaignOf(), { fileName: 'a.csv', bytes }, { ...opts, pending });
    expect(states[0]).toMatchObject({ status: 'validating', createdAt: pending.createdAt, via: 's3' });
    expect(done).toMatchObject({ uploadId: 'u-1', status: 'done', sizeBytes: bytes.length, accepted: 60 });
  });
});
