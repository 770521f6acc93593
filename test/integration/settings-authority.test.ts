/**
 * Score mapping and integrity settings are the province's: a unit (or anyone below the province
 * level) writing a questionnaire gets 403 naming each such field and nothing is stored; the
 * province sets them, audited; a mapping that does not rise strictly is refused for everyone.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { serviceDay } from '../../functions/domain/service-day';
import type { QuestionnaireContent } from '../../functions/schemas/questionnaire';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { aQuestionnaire } from '../fixtures/factories';
import { countEntity } from './count';

const V1 = '/api/console/v1';
const UNIT = '130628001';

let stack: ConsoleStack;
beforeAll(async () => {
  stack = await createConsoleStack();
});

const stored = async () => ({
  versions: await countEntity(stack.db, stack.db.tables.questionnaires, 'QuestionnaireVersion'),
  audit: await countEntity(stack.db, stack.db.tables.audit, 'AuditEntry'),
});

const rigged = (): QuestionnaireContent =>
  aQuestionnaire({
    scoreMapping: [96, 97, 98, 99, 100],
    settings: {
      ballots: { static: true, rotating: false, oneTime: false },
      altcha: false,
      limits: { perDevice: 1000, burst: 10_000, perNetwork4Weekly: 700_000 },
      unitNetworks: ['10.0.0.0/8'],
    },
  });

const fields = (body: { error: { details: { field: string }[] } }) =>
  body.error.details.map((d) => d.field).sort();

describe('score-shaping settings above the unit', () => {
  it.each(['unit-staff', 'county-admin', 'city-admin'])(
    'refuses %s a questionnaire with its own limits, networks and mapping, naming each field',
    async (user) => {
      const before = await stored();
      const res = await stack.as(user).post(`${V1}/questionnaires`, { ownerId: UNIT, content: rigged() });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('SETTINGS_PROVINCE_ONLY');
      expect(fields(res.body)).toEqual([
        'content.scoreMapping',
        'content.settings.limits',
        'content.settings.unitNetworks',
      ]);
      expect(await stored()).toEqual(before);
    },
  );

  it('lets a unit write questions and wording, and keeps what the province set', async () => {
    const province = stack.as('province-admin');
    const created = await province.post(`${V1}/questionnaires`, {
      ownerId: UNIT,
      content: aQuestionnaire({
        scoreMapping: [0, 40, 70, 90, 100],
        settings: { limits: { perDevice: 2 } } as never,
      }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.questionnaireId as string;
    const staff = stack.as('unit-staff');
    // The unit reads its questionnaire without the quiet limits, told which field is hidden.
    const read = (await staff.get(`${V1}/questionnaires/${id}/versions/1`)).body;
    expect(read.hiddenSettings).toEqual(['limits']);
    expect(JSON.stringify(read)).not.toContain('perDevice');
    const draft = read.content;

    const reworded = { ...draft, title: { 'zh-CN': '改写后的标题', en: 'Reworded' } };
    const kept = await staff.put(`${V1}/questionnaires/${id}/versions/1`, { content: reworded });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    expect(JSON.stringify(kept.body)).not.toContain('perDevice');
    // What the province set is still there, though the unit saved content without it.
    const stored = (await province.get(`${V1}/questionnaires/${id}/versions/1`)).body.content;
    expect(stored.title.en).toBe('Reworded');
    expect(stored.settings.limits).toEqual({ perDevice: 2 });

    // Sending a hidden field is refused whatever its value: an equal one would confirm a guess.
    for (const perDevice of [500, 2]) {
      const guess = { ...reworded, settings: { ...draft.settings, limits: { perDevice } } };
      const refused = await staff.put(`${V1}/questionnaires/${id}/versions/1`, { content: guess });
      expect(refused.status, String(perDevice)).toBe(403);
      expect(fields(refused.body)).toEqual(['content.settings.limits']);
      const asNew = await staff.post(`${V1}/questionnaires/${id}/versions`, { content: guess });
      expect(asNew.status, String(perDevice)).toBe(403);
    }
    const added = await staff.post(`${V1}/questionnaires/${id}/versions`, { content: reworded });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const v2 = (await province.get(`${V1}/questionnaires/${id}/versions/2`)).body.content;
    expect(v2.settings.limits).toEqual({ perDevice: 2 });

    const remapped = await staff.post(`${V1}/questionnaires/${id}/versions`, {
      content: { ...reworded, scoreMapping: [0, 30, 60, 80, 100] },
    });
    expect(remapped.status).toBe(403);
    expect(fields(remapped.body)).toEqual(['content.scoreMapping']);

    const day = serviceDay(new Date());
    const audit = await province.get(`${V1}/audit?from=${day}&to=${day}`);
    const created_ = audit.body.entries.find(
      (e: { action: string; targetId: string }) => e.action === 'questionnaire.create' && e.targetId === id,
    );
    expect(created_.after.content.settings.limits).toEqual({ perDevice: 2 });
    expect(created_.actor.userId).toBe('province-admin');
    // The county's audit trail shows the same entries without the hidden settings.
    const county = await stack.as('county-admin').get(`${V1}/audit?from=${day}&to=${day}`);
    const mine = county.body.entries.filter((e: { targetId: string }) => e.targetId === id);
    expect(mine.map((e: { action: string }) => e.action)).toContain('questionnaire.create');
    expect(JSON.stringify(mine)).not.toContain('perDevice');
    expect(
      mine.find((e: { action: string }) => e.action === 'questionnaire.create').after.content.title,
    ).toBeDefined();
  });

  it('refuses a mapping that does not rise strictly, whoever sends it', async () => {
    for (const scoreMapping of [
      [100, 100, 100, 100, 100],
      [0, 60, 30, 80, 100],
      [100, 80, 60, 30, 0],
    ]) {
      const res = await stack
        .as('province-admin')
        .post(`${V1}/questionnaires`, { ownerId: UNIT, content: { ...aQuestionnaire(), scoreMapping } });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.error.details)).toContain('scoreMapping');
    }
  });
});
