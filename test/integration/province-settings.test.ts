/**
 * The province's score-shaping settings on DynamoDB Local: one record per province with numbered
 * versions; only the province admin saves a version (audited, never over a newer one); everyone in
 * the province reads them; the units' figures cut-off follows the version in force, on the
 * dashboard and in the aggregate export, while the province still sees live figures.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultWorkingCalendar } from '../../functions/domain/cases/deadlines';
import { previousWorkingDay } from '../../functions/domain/figures-cutoff';
import { serviceDay } from '../../functions/domain/service-day';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { aQuestionnaire } from '../fixtures/factories';
import { answersAt, submitAt } from './reporting-fixtures';

const V1 = '/api/console/v1';
const HEBEI = '130000';
let stack: ConsoleStack;
const now = new Date();
const today = serviceDay(now);
const oneBack = previousWorkingDay(now, defaultWorkingCalendar, 1);
const threeBack = previousWorkingDay(now, defaultWorkingCalendar, 3);

beforeAll(async () => {
  stack = await createConsoleStack();
  // One ballot on each of the last three working days and one today, at one window.
  await submitAt(stack, '130628001-01', `${threeBack}T03:00:00.000Z`, answersAt(5));
  await submitAt(
    stack,
    '130628001-01',
    `${previousWorkingDay(now, defaultWorkingCalendar, 2)}T03:00:00.000Z`,
    answersAt(5),
  );
  await submitAt(stack, '130628001-01', `${oneBack}T03:00:00.000Z`, answersAt(5));
  await submitAt(stack, '130628001-01', now.toISOString(), answersAt(1));
});

const body = (expectedVersion: number, unitCutoffWorkingDays = 1) => ({
  scoreMapping: [0, 40, 70, 90, 100],
  integrity: {
    limits: { perDevice: 3, burst: 6 },
    unitNetworks: ['10.13.0.0/16'],
    openingHours: { open: '08:30', close: '17:30' },
  },
  figures: { unitCutoffWorkingDays },
  expectedVersion,
});
const put = (user: string, b: unknown, province = HEBEI) =>
  stack.as(user).put(`${V1}/provinces/${province}/settings`, b);
const dashboard = async (user: string) => {
  const res = await stack
    .as(user)
    .get(`${V1}/dashboard?nodeId=130628001-01&from=${threeBack}&to=${today}&granularity=day`);
  expect(res.status).toBe(200);
  return res.body as { totals: { responses: number }; figuresUntil: string | null };
};

describe('province settings: one versioned record per province', () => {
  it('starts at the built-in defaults, version 0, readable by anyone in the province', async () => {
    for (const user of ['unit-staff', 'county-admin', 'province-admin', 'auditor']) {
      const res = await stack.as(user).get(`${V1}/provinces/${HEBEI}/settings`);
      expect(res.status, user).toBe(200);
      expect(res.body).toMatchObject({
        version: 0,
        scoreMapping: [0, 30, 60, 80, 100],
        figures: { unitCutoffWorkingDays: 1 },
      });
    }
    expect((await stack.as('unit-staff').get(`${V1}/provinces/140000/settings`)).status).toBe(404);
  });

  it('refuses everyone below the province, naming nothing stored', async () => {
    for (const user of ['unit-staff', 'county-admin', 'city-admin', 'auditor']) {
      expect((await put(user, body(0))).status, user).toBe(403);
    }
    expect((await put('province-admin', body(0), '140000')).status).toBe(404);
    const versions = await stack.as('province-admin').get(`${V1}/provinces/${HEBEI}/settings/versions`);
    expect(versions.body.items).toEqual([]);
  });

  it('refuses a mapping that does not rise strictly and a cut-off of zero days, naming the field', async () => {
    const flat = await put('province-admin', { ...body(0), scoreMapping: [100, 100, 100, 100, 100] });
    expect(flat.status).toBe(400);
    expect(JSON.stringify(flat.body.error.details)).toContain('scoreMapping');
    const live = await put('province-admin', body(0, 0));
    expect(live.status).toBe(400);
    expect(JSON.stringify(live.body.error.details)).toContain('figures.unitCutoffWorkingDays');
  });

  it('saves numbered versions, audited, and never over a version saved meanwhile', async () => {
    const first = await put('province-admin', body(0));
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({
      version: 1,
      scoreMapping: [0, 40, 70, 90, 100],
      updatedBy: 'province-admin',
    });
    const stale = await put('province-admin', body(0, 2));
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('SETTINGS_VERSION_CONFLICT');
    const second = await put('province-admin', body(1, 3));
    expect(second.body.version).toBe(2);

    const versions = await stack.as('unit-staff').get(`${V1}/provinces/${HEBEI}/settings/versions`);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions.body.items[1].figures.unitCutoffWorkingDays).toBe(1);
    expect((await stack.as('county-admin').get(`${V1}/provinces/${HEBEI}/settings`)).body.version).toBe(2);

    const audit = await stack.as('province-admin').get(`${V1}/audit?from=${today}&to=${today}`);
    const entries = audit.body.entries.filter((e: { action: string }) => e.action === 'province.settings');
    expect(entries).toHaveLength(2);
    const latest = entries.find((e: { after: { version: number } }) => e.after.version === 2);
    expect(latest.before).toMatchObject({ version: 1, figures: { unitCutoffWorkingDays: 1 } });
    expect(latest.after).toMatchObject({ version: 2, figures: { unitCutoffWorkingDays: 3 } });
  });

  it('moves the units’ figures cut-off to the one in force; the province still sees live', async () => {
    // Version 2 (above): three working days back.
    for (const user of ['unit-staff', 'county-admin', 'city-admin']) {
      const d = await dashboard(user);
      expect(d.figuresUntil, user).toBe(threeBack);
      expect(d.totals.responses, user).toBe(1);
    }
    for (const user of ['province-admin', 'auditor']) {
      const d = await dashboard(user);
      expect(d.figuresUntil).toBeNull();
      expect(d.totals.responses).toBe(4);
    }
    const csv = await stack
      .as('unit-staff')
      .get(`${V1}/exports/aggregates.csv?nodeId=130628001&from=${threeBack}&to=${today}&granularity=day`);
    expect(csv.status).toBe(200);
    const text = Buffer.from(await csv.raw.arrayBuffer()).toString('utf8');
    // Ballots per day (column 评价数): only the one three working days back, none after the cut-off.
    const perDay: Record<string, number> = Object.fromEntries(
      text
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(','))
        .map((cols) => [cols[0], Number(cols[4])]),
    );
    expect(perDay[threeBack]).toBe(1);
    expect(Object.values(perDay).reduce((a, b) => a + b, 0)).toBe(1);

    expect((await put('province-admin', body(2, 1))).status).toBe(200);
    const d = await dashboard('unit-staff');
    expect(d.figuresUntil).toBe(oneBack);
    expect(d.totals.responses).toBe(3);
  });

  it('publishes every questionnaire of the province with its one mapping and integrity defaults, naming the version', async () => {
    const inForce = (await stack.as('province-admin').get(`${V1}/provinces/${HEBEI}/settings`)).body;
    // A questionnaire the province admin drafted with a mapping of its own: the province's wins at publication.
    const created = await stack.as('province-admin').post(`${V1}/questionnaires`, {
      ownerId: '130628001',
      content: aQuestionnaire({
        scoreMapping: [0, 10, 20, 30, 100],
        settings: { limits: { perDevice: 5 } } as never,
      }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.questionnaireId as string;
    const published = await stack.as('unit-staff').post(`${V1}/questionnaires/${id}/versions/1/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body.provinceSettingsVersion).toBe(inForce.version);
    const v1 = (await stack.as('province-admin').get(`${V1}/questionnaires/${id}/versions/1`)).body;
    expect(v1.provinceSettingsVersion).toBe(inForce.version);
    expect(v1.content.scoreMapping).toEqual([0, 40, 70, 90, 100]);
    // The questionnaire's own limit over the province's defaults; the province's others and its networks kept.
    expect(v1.content.settings.limits).toEqual({ perDevice: 5, burst: 6 });
    expect(v1.content.settings.unitNetworks).toEqual(['10.13.0.0/16']);
    expect(v1.content.settings.openingHours).toEqual({ open: '08:30', close: '17:30' });
    const audit = await stack.as('province-admin').get(`${V1}/audit?from=${today}&to=${today}`);
    const entry = audit.body.entries.find(
      (e: { action: string; targetId: string }) => e.action === 'questionnaire.publish' && e.targetId === id,
    );
    expect(entry.after).toMatchObject({
      scoreMapping: [0, 40, 70, 90, 100],
      provinceSettingsVersion: inForce.version,
    });
  });

  it('shows the quiet limits, opening hours and unit networks to the province and its auditors only', async () => {
    const hidden = ['limits', 'openingHours', 'unitNetworks'];
    for (const user of ['province-admin', 'auditor']) {
      const s = (await stack.as(user).get(`${V1}/provinces/${HEBEI}/settings`)).body;
      expect(s.integrity.limits, user).toEqual({ perDevice: 3, burst: 6 });
      expect(s.integrity.unitNetworks, user).toEqual(['10.13.0.0/16']);
      expect(s.hiddenSettings, user).toBeUndefined();
    }
    for (const user of ['city-admin', 'county-admin', 'unit-staff']) {
      const s = await stack.as(user).get(`${V1}/provinces/${HEBEI}/settings`);
      expect(s.status, user).toBe(200);
      expect(s.body.scoreMapping, user).toEqual([0, 40, 70, 90, 100]);
      expect(s.body.figures, user).toBeDefined();
      expect(s.body.hiddenSettings, user).toEqual(hidden);
      const versions = (await stack.as(user).get(`${V1}/provinces/${HEBEI}/settings/versions`)).body.items;
      expect(versions.length, user).toBeGreaterThan(0);
      // Not as a field, nor as a value, in the settings or in any version.
      for (const text of [JSON.stringify(s.body), JSON.stringify(versions)]) {
        for (const secret of [
          '"limits":',
          '"unitNetworks":',
          '"openingHours":',
          'perDevice',
          '10.13.0.0',
          '08:30',
        ])
          expect(text, `${user} ${secret}`).not.toContain(secret);
      }
    }
  });
});
