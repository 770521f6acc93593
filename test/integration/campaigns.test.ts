/**
 * End to end through the console API and the import job: a province sets up a campaign, its
 * agency uploads a generated file covering all 167 Hebei counties, the province publishes, and
 * every reader sees what their scope allows.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPOSITE } from '../../functions/domain/campaign';
import { computeResults } from '../../functions/domain/scoring/results';
import { canonicalJson, type Snapshot, verifySnapshot } from '../../functions/domain/scoring/snapshot';
import { createImportJobHandler } from '../../functions/handlers/import-job-handler';
import { requestUpload } from '../../functions/services/campaigns/presign-upload';
import { generateAgencyRows, toCsv } from '../../scripts/generate-agency-file';
import { b64, campaignBody, campaignDeps, plainAggregates } from '../fixtures/campaign-stack';
import { type ConsoleStack, createConsoleStack, userById } from '../fixtures/console-stack';

const V1 = '/api/console/v1/campaigns';
const PER_COUNTY = 40;

let stack: ConsoleStack;
let deps: ReturnType<typeof campaignDeps>;
let campaignId: string;
const bigFile = toCsv(generateAgencyRows({ perCounty: PER_COUNTY, seed: 7 }));

const s3Event = (key: string) =>
  ({
    Records: [{ s3: { bucket: { name: 'uploads' }, object: { key } } }],
  }) as unknown as import('aws-lambda').S3Event;

/** What happens in AWS: the console issues a presigned-PUT ticket, the file lands in S3, the job runs. */
async function runImportJob(uploadId: string, bytes: string) {
  const file = new TextEncoder().encode(bytes);
  const analyst = userById('agency-analyst');
  await requestUpload(
    {
      store: deps.store,
      presigner: { bucket: 'uploads', presignPut: async () => ({ url: 'https://s3.test/', headers: {} }) },
      uploadLimits: { directMaxBytes: 0 },
    },
    { clock: { now: () => new Date('2026-12-31T07:59:00Z') }, newId: () => uploadId },
    {
      userId: analyst.id,
      name: analyst.name,
      role: analyst.role,
      scopeId: analyst.scope,
      scopePath: analyst.scope,
    },
    campaignId,
    { fileName: 'interviews.csv', sizeBytes: file.length, contentType: 'text/csv' },
  );
  return createImportJobHandler({
    files: { read: async () => file },
    store: deps.store,
    org: deps.org,
    clock: { now: () => new Date('2026-12-31T08:00:00Z') },
  })(s3Event(`uploads/${campaignId}/${uploadId}/agency-analyst/interviews.csv`));
}

beforeAll(async () => {
  stack = await createConsoleStack();
  deps = campaignDeps(stack.db);
  const res = await stack.as('province-admin').post(V1, campaignBody({ minSample: 30 }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  campaignId = res.body.id;
}, 120_000);

describe('campaign setup', () => {
  it('refuses indicator weights that do not sum to 1', async () => {
    const body = campaignBody();
    body.indicators[0]!.weight = 0.5;
    const res = await stack.as('province-admin').post(V1, body);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('indicators');
  });

  it('lets only the province admin set one up', async () => {
    expect((await stack.as('county-admin').post(V1, campaignBody())).status).toBe(403);
  });
});

describe('agency upload, publication and ranking of all 167 counties', () => {
  it('imports a small file through the API and reports its bad rows', async () => {
    const csv = [
      'interview_id,county_code,date,mode,weight,q_overall,q_window,q_traffic,q_safety,q_antigang',
      'S-1,130628,2026-10-02,phone,1,5,4,4,5,5',
      'S-2,999999,2026-10-02,phone,1,5,4,4,5,5',
      'S-3,130628,2026-10-02,phone,1,7,4,4,5,5',
    ].join('\n');
    const res = await stack
      .as('agency-analyst')
      .post(`${V1}/${campaignId}/uploads`, { fileName: 'small.csv', contentBase64: b64(csv) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      status: 'done',
      totalRows: 3,
      validRows: 1,
      rejectedRows: 2,
      accepted: 1,
    });
    const report = await stack
      .as('agency-analyst')
      .get(`${V1}/${campaignId}/uploads/${res.body.uploadId}/errors`);
    expect(report.body).toContain('3,county_code,999999');
    expect(report.body).toContain('4,q_overall,7');
    const progress = await stack.as('agency-analyst').get(`${V1}/${campaignId}/uploads/${res.body.uploadId}`);
    expect(progress.body.progress).toBe(1);
  });

  it('imports the generated 167-county file through the S3 import job', async () => {
    const [u] = await runImportJob('big-1', bigFile);
    expect(u).toMatchObject({
      status: 'done',
      totalRows: 167 * PER_COUNTY,
      accepted: 167 * PER_COUNTY,
      rejectedRows: 0,
    });
    const aggs = await deps.store.readAggregates(campaignId);
    expect(aggs.size).toBe(167);
  }, 300_000);

  it('counts nothing twice when the same file is uploaded again', async () => {
    const before = await deps.store.readAggregates(campaignId);
    const [u] = await runImportJob('big-2', bigFile);
    expect(u).toMatchObject({ accepted: 0, duplicates: 167 * PER_COUNTY });
    expect(canonicalJson(plainAggregates(await deps.store.readAggregates(campaignId)))).toBe(
      canonicalJson(plainAggregates(before)),
    );
    expect(Object.keys(plainAggregates(before))).toHaveLength(167);
  }, 300_000);

  let v1: Snapshot;
  it('publishes a snapshot that ranks every county and can be recomputed from its aggregates', async () => {
    const res = await stack.as('province-admin').post(`${V1}/${campaignId}/publish`, { note: '首次发布' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.version).toBe(1);
    const dl = await stack.as('province-admin').get(`${V1}/${campaignId}/snapshots/1/download?format=json`);
    v1 = dl.body as Snapshot;
    expect(verifySnapshot(v1)).toBe(true);
    expect(v1.results).toHaveLength(167);
    expect(v1.results.every((r) => r.composite.status === 'ranked')).toBe(true);
    const ranks = v1.results.map((r) => r.composite.rank!).sort((a, b) => a - b);
    expect(ranks[0]).toBe(1);
    expect(ranks[166]).toBeLessThanOrEqual(167);
    // Anyone holding the snapshot recomputes it from its aggregates with the documented formulas.
    const aggregates = new Map<string, Map<string, (typeof v1.aggregates)[number]>>();
    for (const a of v1.aggregates)
      aggregates.set(a.countyId, (aggregates.get(a.countyId) ?? new Map()).set(a.indicator, a));
    const again = computeResults({
      campaignId,
      settings: v1.parameters,
      counties: v1.counties.map((k) => k.id),
      aggregates,
      qr: new Map(v1.qr.map((q) => [q.countyId, q])),
    });
    expect(canonicalJson(again)).toBe(canonicalJson(v1.results));
    // Rank intervals contain the rank; groups are consecutive from the top.
    for (const r of v1.results) {
      expect(r.composite.rankInterval!.low).toBeLessThanOrEqual(r.composite.rank!);
      expect(r.composite.rankInterval!.high).toBeGreaterThanOrEqual(r.composite.rank!);
    }
  }, 120_000);

  it('shows county staff their own county, its rank and interval, and the distribution only', async () => {
    for (const user of ['county-admin', 'unit-staff']) {
      const res = await stack.as(user).get(`${V1}/${campaignId}/results`);
      expect(res.status).toBe(200);
      expect(res.body.complete).toBe(false);
      expect(res.body.results.map((r: { countyId: string }) => r.countyId)).toEqual(['130628']);
      const own = v1.results.find((r) => r.countyId === '130628')!;
      expect(res.body.results[0].composite.rank).toBe(own.composite.rank);
      expect(res.body.results[0].composite.rankInterval).toEqual(own.composite.rankInterval);
      expect(res.body.distribution[COMPOSITE].ranked).toBe(167);
    }
    const city = await stack.as('city-admin').get(`${V1}/${campaignId}/results`);
    expect(city.body.results.every((r: { countyId: string }) => r.countyId.startsWith('1306'))).toBe(true);
    expect(city.body.results.length).toBeGreaterThan(1);
  });

  it('downloads the snapshot as CSV and XLSX', async () => {
    const csv = await stack.as('province-admin').get(`${V1}/${campaignId}/snapshots/1/download?format=csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((csv.body as string).trim().split('\r\n')).toHaveLength(1 + 167 * 6);
    const xlsx = await stack.as('province-admin').get(`${V1}/${campaignId}/snapshots/1/download?format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.raw.arrayBuffer());
    expect(wb.getWorksheet('ranking')!.rowCount).toBe(1 + 167 * 6);
  });

  it('recomputes every published figure from the CSV download alone', async () => {
    const csv = await stack.as('province-admin').get(`${V1}/${campaignId}/snapshots/1/download?format=csv`);
    const [head, ...lines] = (csv.body as string)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const cols = head!.split(',');
    // County names hold no comma or quote, so a plain split reads this file.
    const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
    const num = (v: string | undefined) => (v === undefined || v === '' ? Number.NaN : Number(v));
    const first = rows[0]!;
    const indicators = [
      ...new Map(
        rows.filter((r) => r.indicator !== COMPOSITE).map((r) => [r.indicator!, num(r.indicator_weight)]),
      ),
    ].map(([code, weight]) => ({ code, weight, name: { 'zh-CN': code, en: code } }));
    const aggregates = new Map<
      string,
      Map<string, import('../../functions/domain/scoring/aggregate').IndicatorSums>
    >();
    const qr = new Map<string, import('../../functions/domain/scoring/results').QrScore>();
    for (const r of rows) {
      const county = aggregates.get(r.county_code!) ?? new Map();
      aggregates.set(r.county_code!, county);
      if (r.sum_w !== '')
        county.set(r.indicator!, {
          n: num(r.n),
          sw: num(r.sum_w),
          swx: num(r.sum_wx),
          swx2: num(r.sum_wx2),
          sw2: num(r.sum_w2),
          sws: num(r.sum_ws),
          wmax: num(r.max_w) || 0,
          levels: [1, 2, 3, 4, 5].map((l) => num(r[`level_${l}`])) as [
            number,
            number,
            number,
            number,
            number,
          ],
        });
      if (r.qr_n !== '')
        qr.set(r.county_code!, {
          score: num(r.qr_score),
          n: num(r.qr_n),
          levels: [1, 2, 3, 4, 5].map((l) => num(r[`qr_level_${l}`])) as [
            number,
            number,
            number,
            number,
            number,
          ],
        });
    }
    const again = computeResults({
      campaignId: first.campaign_id!,
      settings: {
        indicators,
        levelScores: first.level_scores!.split('/').map(Number) as [number, number, number, number, number],
        minSample: num(first.min_sample),
        decimals: num(first.decimals),
        divergenceThreshold: num(first.divergence_threshold),
      },
      counties: [...aggregates.keys()],
      aggregates,
      qr,
      draws: num(first.draws),
    });
    const byCounty = new Map(again.map((r) => [r.countyId, r]));
    const same = (csvValue: string | undefined, value: number | undefined) =>
      expect(num(csvValue)).toEqual(value === undefined || !Number.isFinite(value) ? Number.NaN : value);
    for (const r of rows) {
      const res = byCounty.get(r.county_code!)!;
      const cell = r.indicator === COMPOSITE ? res.composite : res.indicators[r.indicator!]!;
      const e = 'estimate' in cell ? cell.estimate : undefined;
      expect(r.status).toBe(cell.status);
      same(r.score, e ? e.mean : res.composite.score);
      same(r.se, e ? e.se : res.composite.se);
      same(r.score_low, e ? e.meanCi.low : res.composite.ci.low);
      same(r.score_high, e ? e.meanCi.high : res.composite.ci.high);
      same(r.published, cell.published);
      same(r.rank, cell.rank);
      same(r.rank_low_joint, cell.rankInterval?.low);
      same(r.rank_high_joint, cell.rankInterval?.high);
      same(r.tier_joint, cell.group);
      if (e) same(r.rate_low, e.satisfactionCi.low);
      same(r.largest_weight_share, e ? e.largestWeightShare : res.composite.largestWeightShare);
    }
    expect(rows).toHaveLength(167 * 6);
  });

  it('refuses withdrawals after publication, then corrects in a new version without touching the old', async () => {
    const uploads = (await stack.as('province-admin').get(`${V1}/${campaignId}/uploads`)).body as {
      uploadId: string;
      fileName: string;
    }[];
    const small = uploads.find((u) => u.fileName === 'small.csv')!;
    expect(
      (await stack.as('province-admin').post(`${V1}/${campaignId}/uploads/${small.uploadId}/withdraw`))
        .status,
    ).toBe(409);
    expect(
      (await stack.as('province-admin').post(`${V1}/${campaignId}/reopen`, { reason: '剔除试访数据' }))
        .status,
    ).toBe(200);
    const w = await stack.as('province-admin').post(`${V1}/${campaignId}/uploads/${small.uploadId}/withdraw`);
    expect(w.body).toMatchObject({ removed: 1, status: 'withdrawn' });
    const aggs = await deps.store.readAggregates(campaignId);
    expect(aggs.get('130628')!.get('overall')!.n).toBe(
      v1.aggregates.find((a) => a.countyId === '130628' && a.indicator === 'overall')!.n - 1,
    );
    const v2 = await stack
      .as('province-admin')
      .post(`${V1}/${campaignId}/publish`, { note: '更正：撤回试访数据' });
    expect(v2.body.version).toBe(2);
    const old = await deps.store.getSnapshot(campaignId, 1);
    expect(old!.contentHash).toBe(v1.contentHash);
    expect(verifySnapshot(old!)).toBe(true);
    const trend = await stack.as('county-admin').get(`${V1}/counties/130628/trend`);
    expect(trend.body.points).toHaveLength(1);
    expect(trend.body.points[0].version).toBe(2);
  }, 60_000);

  it("shows each county's change since a comparable campaign, and refuses one that is not", async () => {
    const publishWith = async (over: Record<string, unknown>, csv: string) => {
      const res = await stack.as('province-admin').post(V1, campaignBody({ minSample: 30, ...over }));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const up = await stack
        .as('agency-analyst')
        .post(`${V1}/${res.body.id}/uploads`, { fileName: 'next.csv', contentBase64: b64(csv) });
      expect(up.status, JSON.stringify(up.body)).toBe(201);
      const pub = await stack.as('province-admin').post(`${V1}/${res.body.id}/publish`, {});
      expect(pub.status, JSON.stringify(pub.body)).toBe(201);
      return res.body.id as string;
    };
    const later = await publishWith(
      {},
      toCsv(generateAgencyRows({ perCounty: PER_COUNTY, seed: 8, idPrefix: 'L' })),
    );
    const res = await stack
      .as('province-admin')
      .get(`${V1}/${later}/changes?from=${campaignId}&indicator=_composite`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.compared).toBe(167);
    expect(res.body.changes).toHaveLength(167);
    for (const x of res.body.changes) {
      expect(x.change).toBeCloseTo(x.to - x.from, 9);
      expect(x.ci.low).toBeLessThan(x.change);
      expect(x.ci.high).toBeGreaterThan(x.change);
      expect(x.pHolm).toBeGreaterThanOrEqual(x.p);
      expect(x.distinguishable).toBe(x.pHolm < 0.05);
    }
    for (const id of res.body.mostImproved) {
      const x = res.body.changes.find((c: { countyId: string }) => c.countyId === id);
      expect(x.distinguishable && x.change > 0).toBe(true);
    }
    // County staff see their own county's change, computed over the whole province.
    const own = await stack.as('county-admin').get(`${V1}/${later}/changes?from=${campaignId}`);
    expect(own.body.changes.map((c: { countyId: string }) => c.countyId)).toEqual(['130628']);
    expect(own.body.changes[0]).toEqual(
      res.body.changes.find((c: { countyId: string }) => c.countyId === '130628'),
    );

    const other = await publishWith(
      { levelScores: [0, 25, 50, 75, 100] },
      toCsv(generateAgencyRows({ perCounty: 2, seed: 9, idPrefix: 'O' })),
    );
    const refused = await stack.as('province-admin').get(`${V1}/${other}/changes?from=${campaignId}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('NOT_COMPARABLE');
    expect(refused.body.error.messageEn).toContain('level scores');
    const unknown = await stack
      .as('province-admin')
      .get(`${V1}/${later}/changes?from=${campaignId}&indicator=nope`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].field).toBe('indicator');
  }, 120_000);
});
