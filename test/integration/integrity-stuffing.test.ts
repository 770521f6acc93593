import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryRepository } from '../../functions/db/directory-repository';
import { IntegrityRepository } from '../../functions/db/integrity-repository';
import { OrgRepository } from '../../functions/db/org-repository';
import { ResponseRepository } from '../../functions/db/response-repository';
import { integrityReport } from '../../functions/services/integrity/integrity-report';
import {
  cst,
  runStuffingSimulation,
  type SimulationReport,
  simTarget,
} from '../../scripts/stuffing-simulator';
import { createPublicStack, type PublicStack } from '../fixtures/public-stack';

let stack: PublicStack;
let report: SimulationReport;
let official: (nodeId: string, day: string) => Promise<number>;

// Every pattern of the simulator, about 1 400 ballots each with a form GET and its counter writes,
// on a DynamoDB Local of the file's own (see createTestDb).
beforeAll(async () => {
  stack = await createPublicStack({ ownDynamo: true });
  const target = simTarget(
    stack.db.client,
    stack.db.tables,
    stack.qrKey,
    stack.forms,
    cst('2026-11-17', '08:00'),
  );
  official = target.officialResponses;
  report = await runStuffingSimulation(target, { genuine: 300 });
  console.log(JSON.stringify(report, null, 1));
}, 1_500_000);
afterAll(() => stack?.db.stop());

describe('the stuffing simulator against the public API', () => {
  it('quarantines every one of 500 all-非常满意 ballots from one device and network in a few minutes', () => {
    expect(report.patterns.mass).toMatchObject({ sent: 500, accepted: 500, quarantined: 500 });
  });

  it('keeps the quarantined ballots out of the official aggregates of the service point', async () => {
    const sp = stack.forms[0]!.servicePointId;
    expect(await official(sp, report.day)).toBe(0);
  });

  it.each(['night', 'unitNet', 'fast', 'burst', 'reuse', 'straight'])(
    'quarantines every ballot of the %s pattern, its first ballots too once the pattern shows',
    (name) => {
      const p = report.patterns[name]!;
      expect(p.quarantined).toBe(p.sent);
    },
  );

  it('counts none of the caught patterns in the official aggregates of their service points', async () => {
    // The drip is measured, not caught: its two windows are left out here.
    const measured = new Set(stack.forms.slice(7, 9).map((f) => f.servicePointId));
    const points = [...new Set(stack.forms.map((f) => f.servicePointId))].filter((sp) => !measured.has(sp));
    const counted = await Promise.all(points.map((sp) => official(sp, report.day)));
    expect(counted.reduce((a, b) => a + b, 0)).toBe(0);
  });

  it("refuses the unit's own settings (403) and counts at most the province's per-device cap of its ballots", () => {
    const own = report.patterns.ownSettings!;
    expect(own.refused).toEqual({ '403 SETTINGS_PROVINCE_ONLY': 1 });
    expect(own.sent).toBe(25);
    expect(own.accepted - own.quarantined).toBeLessThanOrEqual(2);
    expect(own.flags.deviceLimit).toBeGreaterThan(0);
  });

  it('refuses every appeal of a ballot quarantined on arrival, and counts none of them', () => {
    const appeal = report.patterns.appealQuarantined!;
    expect(appeal.quarantined).toBe(appeal.sent);
    const refused = Object.values(appeal.refused ?? {}).reduce((a, b) => a + b, 0);
    expect(refused).toBe(appeal.sent);
  });

  it('quarantines a coached queue of real phones with identical answers', () => {
    expect(report.patterns.coached).toMatchObject({ sent: 60, quarantined: 60 });
  });

  it('lets a patient drip from one address count no more than the per-network cap at each of its two windows', () => {
    const drip = report.patterns.drip!;
    expect(drip.sent).toBe(200);
    expect(drip.accepted - drip.quarantined).toBeLessThanOrEqual(2 * 30);
    expect(drip.flags.networkLimit).toBe(drip.quarantined);
  });

  it('flags the first ballots of a burst as part of the burst', () => {
    const burst = report.patterns.burst!;
    expect(burst.flags.burst).toBe(burst.sent);
  });

  it('answers every stuffing ballot with 201, as a genuine one', () => {
    for (const p of Object.values(report.patterns)) expect(p.accepted).toBe(p.sent);
  });

  it('quarantines under 2 % of a realistic genuine set', () => {
    expect(report.genuine.sent).toBe(300);
    expect(report.falsePositiveRate).toBeLessThan(0.02);
  });
});

describe('the province integrity report', () => {
  it('shows the stuffed unit with its quarantined share, bursts and flags', async () => {
    const db = stack.db;
    const integrity = new IntegrityRepository(db.client, db.tables);
    const responses = new ResponseRepository(db.client, db.tables);
    const directory = new DirectoryRepository(db.client, db.tables.directory);
    const province = {
      userId: 'p',
      name: '省',
      role: 'province_admin' as const,
      scopeId: '130000',
      scopePath: '130000',
    };
    const out = await integrityReport(
      {
        quarantineBetween: (f, t) => integrity.quarantineBetween(f, t),
        dailyAggregates: (n, f, t) => responses.dailyAggregates(n, f, t),
        getNodes: (ids) => directory.getNodes(ids),
        descendants: (path) => new OrgRepository(db.client, db.tables).descendants(path),
      },
      province,
      report.day,
      report.day,
    );
    const unit = out.units.find((u) => u.unitId === stack.forms[0]!.servicePointId.split('-')[0]);
    expect(unit?.quarantined).toBeGreaterThanOrEqual(500);
    expect(unit?.flags.deviceLimit).toBeGreaterThan(0);
    expect(out.units.some((u) => u.burstBallots > 0)).toBe(true);
  });

  it('is refused to a county admin', async () => {
    const county = {
      userId: 'c',
      name: '县',
      role: 'county_admin' as const,
      scopeId: '130628',
      scopePath: '130000/130600/130628',
    };
    const deps = {
      quarantineBetween: async () => [],
      dailyAggregates: async () => [],
      getNodes: async () => new Map(),
      descendants: async () => [],
    };
    await expect(integrityReport(deps, county, report.day, report.day)).rejects.toMatchObject({
      status: 403,
    });
  });
});
