/**
 * The console's demo stuffing simulation against DynamoDB Local: off unless the
 * deployment is a demo, the province admin's alone, one run at a time, and its result visible in
 * the province report of the day it ran.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleServices } from '../../functions/handlers/console-deps';
import { createConsoleApp } from '../../functions/http/console-app';
import { demoServicePointIds, simulationServices } from '../../local/simulation-deps';
import { cst } from '../../local/stuffing-simulation';
import { handleWithAuthHeader } from '../fixtures/console-request';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { silentLogger } from '../fixtures/public-stack';

const SIMULATIONS = '/api/console/v1/integrity/simulations';
const DAY = '2026-11-17';
const report = (day: string) => `/api/console/v1/integrity/report?from=${day}&to=${day}`;

interface Line {
  unitId: string;
  counted: number;
  quarantined: number;
  quarantinedShare: number;
  burstBallots: number;
  flags: Record<string, number>;
}

let stack: ConsoleStack;
/** The console of a demo deployment on the same tables, its clock on DAY. */
let demo: (userId: string) => ReturnType<typeof handleWithAuthHeader>;

beforeAll(async () => {
  // Thousands of ballots: on a DynamoDB Local of the file's own (see createTestDb).
  stack = await createConsoleStack({ ownDynamo: true });
  const app = createConsoleApp({
    logger: silentLogger(),
    ...consoleServices({
      client: stack.db.client,
      tables: stack.db.tables,
      qrKey: stack.qrKey,
      publicBaseUrl: 'https://pj.example.gov.cn',
      verify: stack.auth.verify,
      clock: { now: () => cst(DAY, '16:20') },
      simulations: simulationServices({
        client: stack.db.client,
        tables: stack.db.tables,
        qrKey: stack.qrKey,
        enabled: true,
        clock: { now: () => cst(DAY, '16:20') },
      }),
    }),
  });
  demo = (userId) => handleWithAuthHeader(app, () => stack.token(userId));
});
afterAll(() => stack?.db.stop());

describe('the stuffing simulation outside a demo deployment', () => {
  it('answers 404 even to the province admin, as if the route did not exist', async () => {
    const res = await stack.as('province-admin').post(SIMULATIONS, {});
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('ROUTE_NOT_FOUND');
    const malformed = await stack.as('province-admin').post(SIMULATIONS, { patterns: ['teleport'] });
    expect(malformed.status).toBe(404);
  });

  it('tells the report page that simulations are off', async () => {
    const res = await stack.as('province-admin').get(report(DAY));
    expect(res.status).toBe(200);
    expect(res.body.simulationsEnabled).toBe(false);
  });
});

describe('the stuffing simulation in a demo deployment', () => {
  it('is forbidden to a county admin', async () => {
    const res = await demo('county-admin').post(SIMULATIONS, {});
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('is forbidden to the auditor, who may read the report but changes nothing', async () => {
    const res = await demo('auditor').post(SIMULATIONS, { patterns: ['night'], genuine: 0 });
    expect(res.status).toBe(403);
    const page = await demo('auditor').get(report(DAY));
    expect(page.body.simulationsEnabled).toBe(false);
  });

  it('tells the province admin’s report page that simulations are on', async () => {
    const res = await demo('province-admin').get(report(DAY));
    expect(res.body.simulationsEnabled).toBe(true);
  });

  it('rejects an unknown pattern', async () => {
    const res = await demo('province-admin').post(SIMULATIONS, { patterns: ['teleport'] });
    expect(res.status).toBe(400);
  });

  it('plays at the windows the demo seed created, in the seed’s order', () => {
    expect(demoServicePointIds()).toEqual(stack.forms.map((f) => f.servicePointId));
  });

  // Hundreds of ballots, each with its counter writes: minutes on a shared 2-core machine.
  it('runs one simulation at a time: a second click while one runs is refused', {
    timeout: 240_000,
  }, async () => {
    const body = { patterns: ['night'], genuine: 0 };
    const [a, b] = await Promise.all([
      demo('province-admin').post(SIMULATIONS, body),
      demo('province-admin').post(SIMULATIONS, body),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((a.status === 409 ? a : b).body.error.code).toBe('SIMULATION_RUNNING');
  });
});

// A narrowed run: the whole simulator is exercised by integrity-stuffing.test.ts; here the route,
// its day and the report matter, and the shared DynamoDB Local of the suite is spared 800 ballots.
const PLAYED = ['burst', 'night', 'reuse'];
const GENUINE = 120;

describe('a demo run, then the report of its day', () => {
  let run: {
    day: string;
    patterns: Record<string, { sent: number; quarantined: number }>;
    genuine: { sent: number };
    falsePositiveRate: number;
  };
  let units: Line[];

  beforeAll(async () => {
    const res = await demo('province-admin').post(SIMULATIONS, { patterns: PLAYED, genuine: GENUINE });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    run = res.body;
    units = (await demo('province-admin').get(report(DAY))).body.units;
  }, 600_000);

  it('plays on the service day of the deployment’s clock', () => {
    expect(run.day).toBe(DAY);
  });

  it('plays exactly the patterns asked for, and quarantines every ballot of them', () => {
    expect(Object.keys(run.patterns).sort()).toEqual([...PLAYED].sort());
    for (const p of Object.values(run.patterns)) expect(p.quarantined).toBe(p.sent);
  });

  it('plays the genuine ballots asked for and quarantines few of them', () => {
    expect(run.genuine.sent).toBe(GENUINE);
    expect(run.falsePositiveRate).toBeLessThan(0.05);
  });

  it('shows the burst-stuffed unit wholly quarantined, with its bursts', () => {
    const burst = units.find((u) => u.unitId === stack.forms[1]!.servicePointId.split('-')[0]);
    expect(burst?.quarantined).toBeGreaterThanOrEqual(run.patterns.burst!.sent);
    expect(burst?.quarantinedShare).toBe(1);
    expect(burst?.burstBallots).toBeGreaterThan(0);
  });

  it('shows the units that only received genuine ballots counted', () => {
    const genuine = stack.forms.slice(7).map((f) => f.servicePointId.split('-')[0]);
    const lines = units.filter((u) => genuine.includes(u.unitId));
    expect(lines.length).toBe(genuine.length);
    const counted = lines.reduce((n, l) => n + l.counted, 0);
    const quarantined = lines.reduce((n, l) => n + l.quarantined, 0);
    for (const l of lines) expect(l.counted).toBeGreaterThan(0);
    expect(quarantined / (counted + quarantined)).toBeLessThan(0.05);
  });
});
