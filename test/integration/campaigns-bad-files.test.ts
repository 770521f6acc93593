/**
 * Bad agency files give a precise report and store nothing wrong; overlapping files never count
 * an interview twice; stored aggregates equal a brute-force recount of the accepted rows.
 */
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { ScoringRepository } from '../../functions/db/scoring-repository';
import { auditEntry } from '../../functions/domain/audit';
import { type Campaign, COMPOSITE, sumInterviews } from '../../functions/domain/campaign';
import { estimateIndicator, scaleOf } from '../../functions/domain/scoring/estimates';
import { importFile } from '../../functions/services/campaigns/import/run-import';
import { AGENCY_COLUMNS, generateAgencyRows, toCsv, toXlsx } from '../../scripts/generate-agency-file';
import { campaignOf } from '../fixtures/campaign';
import { plainAggregates } from '../fixtures/campaign-stack';
import { createTestDb } from '../fixtures/test-db';

let store: ScoringRepository;
const COUNTIES = new Set(['130102', '130104', '130628']);
let n = 0;
const now = () => new Date('2026-12-01T00:00:00Z');
const principal = {
  userId: 'p',
  name: 'p',
  role: 'province_admin' as const,
  scopeId: '130000',
  scopePath: '130000',
};

async function freshCampaign(): Promise<Campaign> {
  const c = campaignOf({ id: `c-${++n}-${Date.now()}` });
  await store.createCampaign(
    c,
    auditEntry(principal, now(), `a-${c.id}`, {
      action: 'campaign.create',
      targetType: 'campaign',
      targetId: c.id,
      targetPath: '130000',
    }),
  );
  return c;
}

/** The province withdraws an upload (the repository call the service makes, with its audit entry). */
const withdraw = (c: Campaign, uploadId: string) =>
  store.withdrawUpload(
    c,
    uploadId,
    now().toISOString(),
    auditEntry(principal, now(), `w-${c.id}-${uploadId}`, {
      action: 'campaign.upload.withdraw',
      targetType: 'campaign',
      targetId: c.id,
      targetPath: '130000',
    }),
  );

const run = (
  c: Campaign,
  fileName: string,
  bytes: Uint8Array | string,
  limits?: { maxBytes?: number; maxRows?: number },
) =>
  importFile(
    store,
    c,
    { fileName, bytes: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes },
    {
      uploadId: `u-${++n}`,
      uploadedBy: 'agency-analyst',
      now,
      counties: COUNTIES,
      limits,
    },
  );

const header = AGENCY_COLUMNS.join(',');
const row = (
  id: string,
  county = '130628',
  answers = '5,4,4,5,5',
  extra = {} as { date?: string; mode?: string; weight?: string },
) =>
  `${id},${county},${extra.date ?? '2026-10-02'},${extra.mode ?? 'phone'},${extra.weight ?? '1'},${answers}`;

beforeAll(async () => {
  const db = await createTestDb();
  store = new ScoringRepository(db.client, db.tables);
});

describe('bad files', () => {
  it('converts a GBK file saved by Excel and says so', async () => {
    const c = await freshCampaign();
    const text = [
      '访问编号,区县代码,访问日期,访问方式,权重,q_overall,q_window,q_traffic,q_safety,q_antigang',
      '甲-1,130628,2026-10-02,电话,1,非常满意,满意,基本满意,不了解,满意',
    ].join('\r\n');
    // The id has a Chinese character on purpose: the row must be refused for its id, not for mojibake.
    const u = await run(c, 'gbk.csv', iconv.encode(text.replace('甲-1', 'A-1'), 'gbk'));
    expect(u.encodingNote?.message).toContain('GBK');
    expect(u).toMatchObject({ status: 'done', accepted: 1, rejectedRows: 0 });
    const agg = (await store.readAggregates(c.id)).get('130628')!;
    expect(agg.get('overall')!.swx).toBe(100);
    expect(agg.has('safety')).toBe(false);
  });

  it('refuses a file with missing columns and stores nothing', async () => {
    const c = await freshCampaign();
    const u = await run(
      c,
      'missing.csv',
      ['interview_id,county_code,date,q_overall', 'A,130628,2026-10-02,5'].join('\n'),
    );
    expect(u.status).toBe('failed');
    expect(u.fileError?.code).toBe('MISSING_COLUMNS');
    expect(u.fileError?.message).toContain('mode');
    expect(u.fileError?.message).toContain('q_window');
    expect((await store.readAggregates(c.id)).size).toBe(0);
    expect(await store.getErrorReport(c.id, u.uploadId)).toContain('缺少必需的列');
  });

  it('reports unknown counties, out-of-range answers, bad dates, modes and weights by line and column', async () => {
    const c = await freshCampaign();
    const csv = [
      header,
      row('OK-1'),
      row('BAD-1', '999999'),
      row('BAD-2', '130628', '6,4,4,5,5'),
      row('BAD-3', '130628', '5,4,4,5,5', { date: '2027-01-05' }),
      row('BAD-4', '130628', '5,4,4,5,5', { mode: 'email' }),
      row('BAD-5', '130628', '5,4,4,5,5', { weight: '-2' }),
      row('BAD-6', '130628', ',,,,'),
    ].join('\n');
    const u = await run(c, 'rows.csv', csv);
    expect(u).toMatchObject({ status: 'done', totalRows: 7, validRows: 1, rejectedRows: 6, accepted: 1 });
    const report = (await store.getErrorReport(c.id, u.uploadId))!;
    expect(report).toContain('3,county_code,999999');
    expect(report).toContain('4,q_overall,6');
    expect(report).toContain('5,date,2027-01-05');
    expect(report).toContain('6,mode,email');
    expect(report).toContain("7,weight,'-2");
    expect(report).toContain('8,(row)');
    expect((await store.readAggregates(c.id)).get('130628')!.get('overall')!.n).toBe(1);
    expect([...(await store.readAggregates(c.id)).keys()]).toEqual(['130628']);
  });

  it('counts a duplicated id once and reports the repeat with the first line', async () => {
    const c = await freshCampaign();
    const u = await run(
      c,
      'dups.csv',
      [header, row('D-1'), row('D-2'), row('D-1', '130102', '1,1,1,1,1')].join('\n'),
    );
    expect(u).toMatchObject({ accepted: 2, rejectedRows: 1 });
    expect(await store.getErrorReport(c.id, u.uploadId)).toContain('与第 2 行重复');
    expect((await store.readAggregates(c.id)).has('130102')).toBe(false);
  });

  it('refuses a file over the size limit and stores nothing', async () => {
    const c = await freshCampaign();
    const u = await run(c, 'big.csv', [header, row('X-1')].join('\n'), { maxBytes: 50 });
    expect(u.fileError?.code).toBe('FILE_TOO_LARGE');
    expect((await store.readAggregates(c.id)).size).toBe(0);
  });

  it('refuses a file over the row limit and stores nothing', async () => {
    const c = await freshCampaign();
    const u = await run(c, 'rows.csv', [header, row('R-1'), row('R-2'), row('R-3')].join('\n'), {
      maxRows: 2,
    });
    expect(u.fileError?.code).toBe('TOO_MANY_ROWS');
    expect((await store.readAggregates(c.id)).size).toBe(0);
  });

  it('refuses files that are neither CSV nor XLSX', async () => {
    const c = await freshCampaign();
    expect((await run(c, 'data.pdf', '%PDF')).fileError?.code).toBe('UNSUPPORTED_FORMAT');
  });
});

describe('overlapping uploads and aggregates', () => {
  it('never counts an interview twice across overlapping files, and the aggregates equal a brute-force recount', async () => {
    const c = await freshCampaign();
    const counties = [...COUNTIES];
    const rows = generateAgencyRows({ perCounty: 60, counties, seed: 3 });
    const [head, ...body] = rows;
    const a = [head!, ...body.slice(0, 120)];
    const b = [head!, ...body.slice(60)]; // overlaps a in rows 60–119
    const ua = await run(c, 'a.csv', toCsv(a));
    const ub = await run(c, 'b.xlsx', await toXlsx(b));
    expect(ua.accepted).toBe(120);
    expect(ub).toMatchObject({ accepted: 60, duplicates: 60 });
    const stored = await store.readAggregates(c.id);
    // Brute force: every distinct row once, straight from the file cells.
    const idx = (name: string) => head!.indexOf(name);
    const ivs = body.map((r) => ({
      countyId: r[idx('county_code')]!,
      weight: Number(r[idx('weight')]),
      answers: Object.fromEntries(
        c.questions.filter((q) => r[idx(q.id)] !== '').map((q) => [q.id, Number(r[idx(q.id)])]),
      ),
    }));
    const expected = sumInterviews(c, ivs);
    for (const [county, m] of expected) {
      for (const [code, s] of m) {
        const got = stored.get(county)!.get(code)!;
        expect(got.n).toBe(s.n);
        expect(got.levels).toEqual(s.levels);
        expect(got.sw).toBeCloseTo(s.sw, 6);
        expect(got.swx).toBeCloseTo(s.swx, 4);
        expect(got.swx2).toBeCloseTo(s.swx2, 2);
        expect(got.wmax).toBe(s.wmax);
      }
    }
    expect(stored.get('130628')!.has(COMPOSITE)).toBe(true);
  });

  it('withdrawing an upload reverses exactly its own interviews', async () => {
    const c = await freshCampaign();
    const rows = generateAgencyRows({ perCounty: 20, counties: [...COUNTIES], seed: 9 });
    const ua = await run(c, 'a.csv', toCsv(rows.slice(0, 31)));
    const before = plainAggregates(await store.readAggregates(c.id)) as Record<
      string,
      Record<string, { n: number; swx: number; wmax: number }>
    >;
    expect(Object.keys(before)).toHaveLength(2);
    const ub = await run(c, 'b.csv', toCsv([rows[0]!, ...rows.slice(21)]));
    expect(ub).toMatchObject({ accepted: 30, duplicates: 10 });
    await withdraw(c, ub.uploadId);
    const after = await store.readAggregates(c.id);
    for (const [county, m] of after) {
      for (const [code, s] of m) {
        const was = before[county]?.[code] ?? { n: 0, swx: 0, wmax: 0 };
        expect(s.n).toBe(was.n);
        expect(s.swx).toBeCloseTo(was.swx, 4);
        expect(s.wmax).toBe(was.wmax);
      }
    }
    expect(ua.accepted).toBe(30);
  });

  it("keeps each cell's largest weight, and a withdrawn upload takes its own away", async () => {
    const c = await freshCampaign();
    const head = 'interview_id,county_code,date,mode,weight,q_overall,q_window,q_traffic,q_safety,q_antigang';
    const light = [
      head,
      'L-1,130628,2026-10-02,phone,1,5,4,4,5,5',
      'L-2,130628,2026-10-03,phone,2.5,4,4,4,5,5',
    ];
    const heavy = [head, 'H-1,130628,2026-10-04,phone,40,1,2,2,1,1'];
    await run(c, 'light.csv', light.join('\n'));
    const uh = await run(c, 'heavy.csv', heavy.join('\n'));
    const cell = async () => (await store.readAggregates(c.id)).get('130628')!.get('overall')!;
    const both = await cell();
    expect(both.wmax).toBe(40);
    const scale = scaleOf(c.levelScores);
    expect(estimateIndicator(both, scale).largestWeightShare).toBeCloseTo(40 / 43.5, 12);
    await withdraw(c, uh.uploadId);
    const left = await cell();
    expect(left).toMatchObject({ n: 2, wmax: 2.5 });
    expect(estimateIndicator(left, scale).largestWeightShare).toBeCloseTo(2.5 / 3.5, 12);
  });
});
