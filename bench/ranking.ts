/**
 * Campaign benchmarks (called from bench/run.ts with a started local stack):
 * 1. computing the 167-county ranking from aggregates built from 10³ vs 10⁵ interviews, as a
 *    ratio: ≈ 1, because the work reads O(counties × indicators) aggregate items, never interviews;
 * 2. import rows/second against a raw BatchWriteItem of the same interview items to the same
 *    DynamoDB Local, as a ratio.
 */
import { randomUUID } from 'node:crypto';
import { BatchWriteItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '../functions/db/client';
import { DirectoryRepository } from '../functions/db/directory-repository';
import { toItem } from '../functions/db/item';
import { scoringKeys } from '../functions/db/keys/scoring';
import { OrgRepository } from '../functions/db/org-repository';
import { ResponseRepository } from '../functions/db/response-repository';
import { buildAggregateUpdate, ScoringRepository } from '../functions/db/scoring-repository';
import { tableNamesWithPrefix } from '../functions/db/table-names';
import { auditEntry } from '../functions/domain/audit';
import {
  type Campaign,
  DEFAULT_INDICATORS,
  DEFAULT_LEVEL_SCORES,
  DEFAULT_QUESTIONS,
  sumInterviews,
} from '../functions/domain/campaign';
import { computeRanking } from '../functions/services/campaigns/compute-ranking';
import { importFile } from '../functions/services/campaigns/import/run-import';
import type { CampaignDeps } from '../functions/services/campaigns/ports';
import type { LocalStack } from '../local/stack';
import { generateAgencyRows, hebeiCounties, toCsv } from '../scripts/generate-agency-file';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const admin = {
  userId: 'bench',
  name: 'bench',
  role: 'province_admin' as const,
  scopeId: '130000',
  scopePath: '130000',
};

function wiring(stack: LocalStack) {
  const client = createDynamoClient({ endpoint: stack.dynamoEndpoint });
  const tables = tableNamesWithPrefix(stack.tablePrefix);
  const directory = new DirectoryRepository(client, tables.directory);
  const org = new OrgRepository(client, tables);
  const deps: CampaignDeps & { store: ScoringRepository } = {
    store: new ScoringRepository(client, tables),
    org: { getNodes: (ids) => directory.getNodes(ids), children: (id) => org.children(id) },
    qr: new ResponseRepository(client, tables),
  };
  return { client, tables, deps };
}

async function newCampaign(store: ScoringRepository): Promise<Campaign> {
  const c: Campaign = {
    id: `bench-${randomUUID()}`,
    provinceId: '130000',
    provincePath: '130000',
    name: { 'zh-CN': '基准测试', en: 'bench' },
    periodFrom: '2026-10-01',
    periodTo: '2026-12-31',
    indicators: DEFAULT_INDICATORS,
    questions: DEFAULT_QUESTIONS,
    levelScores: DEFAULT_LEVEL_SCORES,
    satisfiedFrom: 3,
    minSample: 10,
    agencyId: 'AGENCY-01',
    agencyName: 'bench',
    disclosure: 'own_county',
    decimals: 2,
    divergenceThreshold: 10,
    status: 'open',
    latestVersion: 0,
    createdAt: new Date().toISOString(),
    createdBy: 'bench',
  };
  const audit = auditEntry(admin, new Date(), randomUUID(), {
    action: 'campaign.create',
    targetType: 'campaign',
    targetId: c.id,
    targetPath: '130000',
  });
  await store.createCampaign(c, audit);
  return c;
}

/** Parses generated rows into interviews the way the import would (valid rows only). */
function interviewsOf(rows: string[][]) {
  const [head, ...body] = rows;
  const idx = (n: string) => head!.indexOf(n);
  return body.map((r) => ({
    countyId: r[idx('county_code')]!,
    weight: Number(r[idx('weight')] || 1),
    answers: Object.fromEntries(
      DEFAULT_QUESTIONS.filter((q) => r[idx(q.id)]).map((q) => [q.id, Number(r[idx(q.id)])]),
    ),
  }));
}

/**
 * Ratio 1. Two campaigns whose aggregates sum 3 340 (20 per county) and 10⁵ interviews over all 167 counties (summed
 * in memory with the import's own `sumInterviews` and written with its own aggregate update, since
 * importing 10⁵ rows only to time a read would take minutes); then the median of `runs` full
 * ranking computations (county list, aggregates, QR self-ratings, estimates, and the joint rank
 * sets of 6 rankings, each a step-down over 1 000 parametric draws).
 */
export async function rankingScaling(stack: LocalStack, runs = 7) {
  const { client, tables, deps } = wiring(stack);
  const counties = hebeiCounties().length;
  const setup = async (interviews: number) => {
    const c = await newCampaign(deps.store);
    const perCounty = Math.ceil(interviews / counties);
    const sums = sumInterviews(c, interviewsOf(generateAgencyRows({ perCounty, seed: interviews })));
    const updates = [...sums].flatMap(([county, m]) =>
      [...m].map(([indicator, s]) => buildAggregateUpdate(tables.scoring, c.id, county, indicator, s)),
    );
    for (let i = 0; i < updates.length; i += 50) {
      await client.send(new TransactWriteItemsCommand({ TransactItems: updates.slice(i, i + 50) }));
    }
    return { c, interviews: perCounty * counties };
  };
  // 20 per county: enough for every county to be ranked (minimum effective n 10), so that both
  // campaigns rank the same 167 counties and only the number of interviews differs.
  const a = await setup(20 * counties);
  const b = await setup(100_000);
  const once = async (c: Campaign) => {
    const t0 = performance.now();
    await computeRanking(deps, c, 1, { publishedAt: '', publishedBy: 'bench' });
    return performance.now() - t0;
  };
  // Warm both, then alternate so that JIT warm-up and DynamoDB Local's own caches favour neither.
  await once(a.c);
  await once(b.c);
  const msA: number[] = [];
  const msB: number[] = [];
  for (let r = 0; r < runs; r++) {
    msA.push(await once(a.c));
    msB.push(await once(b.c));
  }
  const small = { interviews: a.interviews, ms: median(msA) };
  const large = { interviews: b.interviews, ms: median(msB) };
  return { small, large, ratio: large.ms / small.ms };
}

/**
 * Ratio 2. Imports `rows` generated interviews through the shared import (validation, conditional
 * puts, aggregates in the same transactions, progress, error report) and writes the same interview
 * items with plain BatchWriteItem (25 per call, no condition, no aggregates) to the same table.
 */
export async function importThroughput(stack: LocalStack, rows = 5_000) {
  const { client, tables, deps } = wiring(stack);
  const perCounty = Math.ceil(rows / hebeiCounties().length);
  const generated = generateAgencyRows({ perCounty, seed: 11, idPrefix: 'B' });
  const n = generated.length - 1;
  const csv = new TextEncoder().encode(toCsv(generated));

  const c = await newCampaign(deps.store);
  const t0 = performance.now();
  const u = await importFile(
    deps.store,
    c,
    { fileName: 'bench.csv', bytes: csv },
    {
      uploadId: randomUUID(),
      uploadedBy: 'bench',
      now: () => new Date(),
      counties: new Set(hebeiCounties()),
    },
  );
  const importMs = performance.now() - t0;
  if (u.accepted !== n) throw new Error(`bench import accepted ${u.accepted} of ${n}`);

  const raw = await newCampaign(deps.store);
  const items = interviewsOf(generated).map((iv, i) =>
    toItem({
      ...scoringKeys.interview(raw.id, `B${i}`),
      ...scoringKeys.interviewOfUpload('raw', `B${i}`),
      entity: 'Interview',
      campaignId: raw.id,
      interviewId: `B${i}`,
      day: '2026-10-02',
      mode: 'phone',
      uploadId: 'raw',
      line: i + 2,
      ...iv,
    }),
  );
  const t1 = performance.now();
  for (let i = 0; i < items.length; i += 25) {
    let req: Record<string, { PutRequest: { Item: ReturnType<typeof toItem> } }[]> | undefined = {
      [tables.scoring]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
    };
    while (req && Object.keys(req).length > 0) {
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: req }));
      req = out.UnprocessedItems as typeof req;
    }
  }
  const rawMs = performance.now() - t1;
  return {
    rows: n,
    importRowsPerSecond: n / (importMs / 1000),
    rawRowsPerSecond: n / (rawMs / 1000),
    /** import time / raw BatchWriteItem time (≥ 1: the price of validation, idempotency and aggregates). */
    ratio: importMs / rawMs,
  };
}
