/**
 * The console's data calls on realistic data: the 90-day demo history played into DynamoDB Local
 * (as `npm start` does), then every call each console page makes, as the staff who would open it,
 * repeated; for each, the p95 time through the console app and the number of DynamoDB requests it
 * sent (counted by a middleware on the app's own client).
 *
 * Alone: `npx tsx bench/console-pages.ts` (BENCH_PAGES_N repetitions, default 30;
 * BENCH_HISTORY_VOLUME, default the `npm start` volume). `npm run bench` runs it too.
 */
import { pathToFileURL } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import { createDynamoClient } from '../functions/db/client';
import { tableNamesWithPrefix } from '../functions/db/table-names';
import { serviceDay } from '../functions/domain/service-day';
import { consoleServices } from '../functions/handlers/console-deps';
import { createConsoleApp } from '../functions/http/console-app';
import { createDevAuth } from '../local/dev-auth';
import { demoUsers } from '../local/seed/demo-users';
import { startLocalStack, TABLE_PREFIX } from '../local/stack';
import { DEFAULT_VOLUME } from '../scripts/demo-history/local';

const V1 = '/api/console/v1';

/** One page's data call: who opens the page, and what it asks. */
export interface PageCall {
  page: string;
  user: string;
  path: string;
}

/** What one call costs: p95 and median time, and DynamoDB requests (the first call, then the others). */
export interface CallFigure extends PageCall {
  p95Ms: number;
  medianMs: number;
  requestsFirst: number;
  requestsThen: number;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};

/**
 * Plays the history into a fresh in-memory stack, then times every page's calls `n` times each.
 *
 * 1. Start the local stack with the demo history and wait for it (and its case jobs) to finish.
 * 2. Build a console app of our own on an instrumented client over the same tables.
 * 3. Find the ids the detail pages need from the list calls (a case, a response, a visit, a campaign).
 * 4. Call each page's data calls `n` times in turn, recording time and DynamoDB requests per call.
 */
export async function consolePagesBench(n: number, volume = DEFAULT_VOLUME): Promise<CallFigure[]> {
  const started = Date.now();
  const stack = await startLocalStack({ port: 0, dataDir: null, quiet: true, history: { volume } });
  try {
    const report = await stack.history;
    await stack.settle();
    console.log(
      `console pages: history played (${report?.ballots} ballots, ${report?.caseSteps} case steps, ${report?.campaigns} campaigns, volume ${volume}) in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );

    let requests = 0;
    const client = createDynamoClient({ endpoint: stack.dynamoEndpoint });
    client.middlewareStack.add(
      (next) => (args) => {
        requests++;
        return next(args);
      },
      { step: 'initialize', name: 'countRequests' },
    );
    const auth = await createDevAuth(null);
    const app = createConsoleApp({
      logger: new Logger({ serviceName: 'bench', logLevel: 'CRITICAL' }),
      ...consoleServices({
        client,
        tables: tableNamesWithPrefix(TABLE_PREFIX),
        qrKey: Buffer.alloc(32),
        publicBaseUrl: stack.baseUrl,
        verify: auth.verify,
      }),
    });
    const tokens = new Map<string, string>();
    for (const u of demoUsers) tokens.set(u.id, await auth.sign(u));
    const get = async (user: string, path: string) => {
      const res = await app.request(`${V1}${path}`, {
        headers: { authorization: `Bearer ${tokens.get(user)}` },
      });
      const body = await res.json();
      if (res.status !== 200) throw new Error(`${user} GET ${path} → ${res.status} ${JSON.stringify(body)}`);
      return body;
    };

    const today = serviceDay(new Date());
    const monthAgo = serviceDay(new Date(Date.now() - 29 * 86_400_000));
    const period = `from=${monthAgo}&to=${today}`;
    const calls = await pageCalls(get, period);

    const figures: CallFigure[] = [];
    for (const call of calls) {
      const times: number[] = [];
      const counts: number[] = [];
      for (let i = 0; i < n; i++) {
        const before = requests;
        const t0 = performance.now();
        await get(call.user, call.path);
        times.push(performance.now() - t0);
        counts.push(requests - before);
      }
      figures.push({
        ...call,
        p95Ms: quantile(times, 0.95),
        medianMs: quantile(times, 0.5),
        requestsFirst: counts[0]!,
        requestsThen: quantile(counts.slice(1), 0.5),
      });
    }
    client.destroy();
    return figures;
  } finally {
    await stack.stop();
  }
}

type Get = (user: string, path: string) => Promise<unknown>;

/** The calls each page makes when it opens (web/console/**), for the users who would open it. */
async function pageCalls(get: Get, period: string): Promise<PageCall[]> {
  const P = 'province-admin';
  const U = 'unit-staff';
  const unit = '130628001';
  const campaigns = (await get(P, '/campaigns')) as { id: string; status: string }[];
  const campaign = campaigns.find((c) => c.status === 'published') ?? campaigns[0]!;
  const cases = (await get(U, `/cases?nodeId=${unit}`)) as { items: { id: string }[] };
  const responses = (await get(P, `/responses?nodeId=130000&${period}&limit=50`)) as {
    items: { responseId: string }[];
  };
  const visits = (await get(U, `/visits?unitId=${unit}&${period}`)) as {
    items: { id: string }[];
  };
  const calls: PageCall[] = [
    { page: 'every page', user: P, path: '/me' },
    { page: 'dashboard (province)', user: P, path: '/org/nodes/130000' },
    { page: 'dashboard (province)', user: P, path: `/dashboard?nodeId=130000&${period}&granularity=day` },
    { page: 'dashboard (province)', user: P, path: `/cases/metrics?nodeId=130000&${period}` },
    { page: 'dashboard (unit)', user: U, path: `/dashboard?nodeId=${unit}&${period}&granularity=day` },
    { page: 'dashboard (unit)', user: U, path: `/cases/metrics?nodeId=${unit}&${period}` },
    { page: 'questionnaires', user: P, path: '/questionnaires?ownerId=130000' },
    { page: 'qr codes', user: U, path: `/service-points/${unit}-01/qr-tokens` },
    { page: 'responses (province)', user: P, path: `/responses?nodeId=130000&${period}&limit=50` },
    { page: 'responses (unit)', user: U, path: `/responses?nodeId=${unit}&${period}&limit=50` },
    { page: 'cases (province)', user: P, path: '/cases?nodeId=130000' },
    { page: 'cases (unit)', user: U, path: `/cases?nodeId=${unit}` },
    { page: 'visits (unit)', user: U, path: `/visits?unitId=${unit}&${period}` },
    { page: 'campaigns', user: P, path: '/campaigns' },
    { page: 'campaign', user: P, path: `/campaigns/${campaign.id}` },
    { page: 'campaign', user: P, path: `/campaigns/${campaign.id}/uploads` },
    { page: 'ranking (167 counties)', user: P, path: `/campaigns/${campaign.id}/results` },
    { page: 'county trend', user: P, path: '/campaigns/counties/130628/trend' },
    { page: 'integrity report', user: P, path: `/integrity/report?${period}` },
    { page: 'audit trail', user: P, path: `/audit?${period}` },
  ];
  const detail = (page: string, user: string, path: string | undefined) =>
    path === undefined ? [] : [{ page, user, path }];
  return [
    ...calls,
    ...detail('case', U, cases.items[0] && `/cases/${cases.items[0].id}`),
    ...detail('response', P, responses.items[0] && `/responses/${responses.items[0].responseId}`),
    ...detail('visit', U, visits.items[0] && `/visits/${visits.items[0].id}`),
  ];
}

/** Prints the figures as a table: page, call, who, p95, median, DynamoDB requests. */
export function printConsolePages(figures: CallFigure[]): void {
  console.log(
    'console pages: page | call | as | p95 ms | median ms | DynamoDB requests (first call / after)',
  );
  for (const f of figures) {
    const path = f.path
      .replace(/[?&](from|to)=\d{4}-\d{2}-\d{2}/g, '')
      .replace(/^\/(cases|visits|responses|campaigns)\/(?!metrics|counties)[^/?]+/, '/$1/:id');
    console.log(
      `  ${f.page} | GET ${path} | ${f.user} | ${f.p95Ms.toFixed(1)} | ${f.medianMs.toFixed(1)} | ${f.requestsFirst} / ${f.requestsThen}`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const n = Number(process.env.BENCH_PAGES_N ?? 30);
  const volume = Number(process.env.BENCH_HISTORY_VOLUME ?? DEFAULT_VOLUME);
  printConsolePages(await consolePagesBench(n, volume));
}
