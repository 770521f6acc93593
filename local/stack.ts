/**
 * The embedded local stack behind `npm start` and the browser tests: DynamoDB Local, the
 * tables from the shared specs, the demo seed, and the same Hono app that runs in Lambda,
 * served with @hono/node-server on 127.0.0.1 together with the built web pages.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { CaseRepository } from '../functions/db/case-repository';
import { createDynamoClient } from '../functions/db/client';
import { LocalContactCipher, loadOrCreateContactKey } from '../functions/db/contact-cipher';
import { ensureTables } from '../functions/db/create-tables';
import { DirectoryRepository } from '../functions/db/directory-repository';
import { QuestionnaireRepository } from '../functions/db/questionnaire-repository';
import { LocalSmsOutbox } from '../functions/db/sms-outbox';
import { tableNamesWithPrefix } from '../functions/db/table-names';
import { consoleServices } from '../functions/handlers/console-deps';
import { publicServices } from '../functions/handlers/public-deps';
import type { ClientAddressResolver } from '../functions/http/client-address';
import { createConsoleApp } from '../functions/http/console-app';
import { createOnError } from '../functions/http/on-error';
import { createPublicApp } from '../functions/http/public-app';
import { type HistoryProgress, type HistoryReport, playDemoHistory } from '../scripts/demo-history/local';
import { apiDocs } from './api-docs';
import { type CaseJobs, startCaseJobs } from './case-jobs';
import { createDevAuth, devAuthRoutes } from './dev-auth';
import { type DynamoLocal, startDynamoLocal } from './dynamo-local';
import { writeQrFiles } from './qr-files';
import { startReachJobs } from './reach-jobs';
import { backfillRollups } from './rollup-backfill';
import { loadOrCreateQrKey } from './secrets';
import { type DemoForm, seedDemo } from './seed';
import { signInUsers } from './seed/demo-users';
import { simulationServices } from './simulation-deps';
import { webCsp } from './web-csp';

export const WEB_DIST = fileURLToPath(new URL('../web/dist', import.meta.url));
export const TABLE_PREFIX = 'kmpj-';
/** `/console/config.json` of the local stack: no OIDC issuer, so the console offers the dev sign-in. */
export const LOCAL_CONSOLE_CONFIG = { signIn: 'dev' } as const;

export interface LocalStackOptions {
  /** HTTP port; 0 picks a free one. Default 3000. */
  port?: number;
  /** Data folder; null runs DynamoDB Local in memory and writes no files. Default `.data`. */
  dataDir?: string | null;
  /** Base URL printed in QR codes; default the local server's own URL. */
  publicBaseUrl?: string;
  quiet?: boolean;
  /** The QR signing key; default: kept in the data folder (a fresh one in memory mode). Benchmarks pass their own. */
  qrKey?: Buffer;
  /**
   * Where a ballot's client address comes from; default the socket's peer. Load benchmarks, whose
   * every request comes from 127.0.0.1, pass one that gives each simulated phone its own network.
   */
  clientAddress?: ClientAddressResolver;
  /**
   * Plays the demo history (90 days of ballots, cases, visits, appeals, stuffing and campaigns,
   * scripts/demo-history/) in the background once the server listens, unless the data folder
   * says it is already there. Off unless asked for (`npm start` asks unless DEMO_HISTORY=0).
   */
  history?:
    | false
    | {
        volume?: number;
        days?: number;
        /** Interviews per county in the earlier and the latest campaign (plan.ts has the default). */
        interviews?: [number, number];
        onProgress?: (p: HistoryProgress) => void;
      };
}

export interface LocalStack {
  baseUrl: string;
  /** The local stand-in for the provincial 好差评 platform (records pushed to it). */
  pushReceiverUrl: string;
  /** Signs a console token for a demo user id (tests and scripts). */
  signIn(userId: string): Promise<string>;
  dynamoEndpoint: string;
  tablePrefix: string;
  dataDir: string | null;
  demoForms: DemoForm[];
  /** The Ordos window's form, opening in traditional Mongolian (seed/demo-ordos.ts). */
  bilingualForms: DemoForm[];
  qrFiles: string[];
  /** Waits until the Responses-stream work (cases, retroactive quarantine) has caught up. */
  settle(): Promise<void>;
  /**
   * The demo history being played: its report when this start played it, null when it was
   * skipped or already there. The case jobs (stream poller, escalation timer) start once it is done.
   */
  history: Promise<HistoryReport | null>;
  /** The DynamoDB Local process, for the reliability tests that kill and restart it. */
  database: Pick<DynamoLocal, 'kill' | 'restart' | 'pid' | 'loopbackOnly'>;
  stop(): Promise<void>;
}

export async function startLocalStack(opts: LocalStackOptions = {}): Promise<LocalStack> {
  const dataDir = opts.dataDir === undefined ? '.data' : opts.dataDir;
  const dynamo = await startDynamoLocal({ dataDir: dataDir === null ? null : join(dataDir, 'dynamodb') });
  try {
    // A transaction is acknowledged only once DynamoDB Local has committed it (see addCommitBarrier).
    const client = createDynamoClient({ endpoint: dynamo.endpoint, commitBarrier: true });
    await ensureTables(client, TABLE_PREFIX);
    const tables = tableNamesWithPrefix(TABLE_PREFIX);
    const directory = new DirectoryRepository(client, tables.directory);
    await directory.backfillTreeIndex();
    const provinces = await directory.listNodesOfKind('province');
    await new CaseRepository(client, tables).backfillCaseIndexes(provinces.map((p) => p.id));
    const qrKey = opts.qrKey ?? loadOrCreateQrKey(dataDir);
    const contactCipher = new LocalContactCipher(loadOrCreateContactKey(dataDir));
    const logger = new Logger({ serviceName: 'kmpj-local', logLevel: opts.quiet ? 'CRITICAL' : 'WARN' });

    const smsOutbox = new LocalSmsOutbox(client, tables.responses);
    const reachJobs = await startReachJobs({
      client,
      tables,
      qrKey,
      contactCipher,
      outbox: smsOutbox,
      logger,
      quiet: opts.quiet,
    });
    const publicApp = createPublicApp({
      logger,
      ...publicServices({
        client,
        tables,
        qrKey,
        contactCipher,
        clientAddress: opts.clientAddress,
        // Absolute links in SMS invitations and integration answers when the port is known up front.
        publicBaseUrl:
          opts.publicBaseUrl ?? (opts.port === 0 ? undefined : `http://127.0.0.1:${opts.port ?? 3000}`),
      }),
    });
    const devAuth = await createDevAuth(dataDir);
    const csp = webCsp(WEB_DIST);
    const app = new Hono();
    // Before the APIs, so that the docs page's policy wraps theirs (see api-docs.ts).
    app.route('/api/docs', apiDocs());
    app.route('/', publicApp);
    // The base URL is known only once the server listens; the console reads it through this getter.
    let publicBaseUrl = opts.publicBaseUrl ?? '';
    const consoleApp = createConsoleApp({
      logger,
      ...consoleServices({
        client,
        tables,
        qrKey,
        contactCipher,
        get publicBaseUrl() {
          return publicBaseUrl;
        },
        verify: devAuth.verify,
        // The local stack is the demo: its console may run the stuffing simulation.
        simulations: simulationServices({ client, tables, qrKey, enabled: true }),
        smsOutbox,
      }),
    });
    app.route('/', consoleApp);
    app.route('/api/dev', new Hono().route('/', devAuthRoutes(devAuth)).onError(createOnError(logger)));
    if (dataDir !== null) app.use('/qr/*', serveStatic({ root: dataDir }));
    app.use('/*', async (c, next) => {
      await next();
      if (c.res.headers.get('content-type')?.startsWith('text/html')) {
        c.res.headers.set('Content-Security-Policy', csp(c.req.path));
        c.res.headers.set('X-Content-Type-Options', 'nosniff');
        c.res.headers.set('Referrer-Policy', 'no-referrer');
      }
    });
    // The console asks for its sign-in settings on every load; here they name the dev sign-in.
    app.get('/console/config.json', (c) => c.json(LOCAL_CONSOLE_CONFIG));
    app.use('/*', serveStatic({ root: WEB_DIST }));
    if (!existsSync(WEB_DIST) && !opts.quiet) console.warn('web/dist is missing: run `npm run build:web`.');

    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: opts.port ?? 3000 });
    await new Promise<void>((ok, fail) => {
      server.once('listening', ok);
      server.once('error', fail);
    });
    const port = (server.address() as AddressInfo).port;
    const baseUrl = `http://127.0.0.1:${port}`;
    publicBaseUrl ||= baseUrl;

    const seed = await seedDemo({
      directory: new DirectoryRepository(client, tables.directory),
      questionnaires: new QuestionnaireRepository(client, tables.questionnaires),
      qrKey,
      publicBaseUrl,
      now: new Date(),
    });
    const qrFiles =
      dataDir === null
        ? []
        : await writeQrFiles(join(dataDir, 'qr'), [...seed.demoForms, ...seed.bilingualForms]);
    // The history runs on its own clock: the case jobs, which run on the real one, wait for it.
    const stopHistory = new AbortController();
    const history = opts.history
      ? playDemoHistory({
          client,
          tables,
          qrKey,
          contactCipher,
          forms: seed.demoForms,
          sign: (user) => devAuth.sign(user),
          verify: devAuth.verify,
          publicBaseUrl,
          dataDir,
          signal: stopHistory.signal,
          ...opts.history,
        })
      : Promise.resolve(null);
    // Whoever reads `history` sees its failure; nobody reading it is no unhandled rejection.
    history.catch(() => undefined);
    let caseJobs: CaseJobs | undefined;
    let stopped = false;
    const jobsStarted = history
      .catch(() => null)
      .then(async () => {
        if (stopped) return;
        caseJobs = startCaseJobs({ client, endpoint: dynamo.endpoint, tables, contactCipher, logger });
        // Rollups for aggregates whose stream records are gone (written before the consumer, or
        // more than 24 h ago): once the stream has been applied, the recount repairs what is missing.
        // A database gone meanwhile (stopped, killed) skips it: logged, never an unhandled rejection.
        try {
          await caseJobs.drain();
          await backfillRollups(client, tables, logger, provinces);
        } catch (err) {
          logger.warn('start-up rollup recount skipped', { error: (err as Error).name });
        }
      });

    return {
      baseUrl,
      pushReceiverUrl: reachJobs.receiverUrl,
      signIn: async (userId) => {
        const user = signInUsers.find((u) => u.id === userId);
        if (!user) throw new Error(`no demo user ${userId}`);
        return devAuth.sign(user);
      },
      dynamoEndpoint: dynamo.endpoint,
      settle: async () => {
        await jobsStarted;
        await caseJobs?.drain();
      },
      history,
      database: dynamo,
      tablePrefix: TABLE_PREFIX,
      dataDir,
      demoForms: seed.demoForms,
      bilingualForms: seed.bilingualForms,
      qrFiles,
      async stop() {
        stopped = true;
        stopHistory.abort();
        await history.catch(() => undefined);
        await new Promise<void>((ok) => {
          server.close(() => ok());
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
        caseJobs?.stop();
        await reachJobs.stop();
        client.destroy();
        await dynamo.stop();
      },
    };
  } catch (err) {
    await dynamo.stop();
    throw err;
  }
}
