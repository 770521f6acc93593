import { beforeAll, describe, expect, it } from 'vitest';
import { serviceDay } from '../../functions/domain/service-day';
import type { QuestionnaireContent } from '../../functions/schemas/questionnaire';
import { freshServicePoint } from '../fixtures/authz-world';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { aQuestionnaire, aSubmission } from '../fixtures/factories';
import { malformedSurvey, unmappableSurvey, windowSurvey } from '../unit/domain/surveyjs-fixtures';
import { countEntity } from './count';

const V1 = '/api/console/v1';
const UNIT = '130628001';

let stack: ConsoleStack;
beforeAll(async () => {
  stack = await createConsoleStack();
});

/** Every stored questionnaire item and audit entry, to show that a refused request changed nothing. */
const snapshot = async () => ({
  heads: await countEntity(stack.db, stack.db.tables.questionnaires, 'Questionnaire'),
  versions: await countEntity(stack.db, stack.db.tables.questionnaires, 'QuestionnaireVersion'),
  audit: await countEntity(stack.db, stack.db.tables.audit, 'AuditEntry'),
});

const titled = (zh: string): QuestionnaireContent =>
  aQuestionnaire({ title: { 'zh-CN': zh, en: `${zh} (en)` } });

async function createDraft(as = 'county-admin', ownerId = UNIT, content = titled('窗口评价')) {
  const res = await stack.as(as).post(`${V1}/questionnaires`, { ownerId, content });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.questionnaireId as string;
}

async function publishedQuestionnaire(ownerId = UNIT) {
  const id = await createDraft('county-admin', ownerId);
  expect((await stack.as('county-admin').post(`${V1}/questionnaires/${id}/versions/1/publish`)).status).toBe(
    200,
  );
  return id;
}

describe('questionnaire lifecycle', () => {
  it('drafts, edits, previews, publishes, refuses edits, versions and archives', async () => {
    const staff = stack.as('unit-staff');
    const created = await staff.post(`${V1}/questionnaires`, { ownerId: UNIT, content: titled('草稿') });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version: 1, status: 'draft' });
    const id = created.body.questionnaireId;

    const edited = await staff.put(`${V1}/questionnaires/${id}/versions/1`, { content: titled('修改后') });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const preview = await staff.get(`${V1}/questionnaires/${id}/versions/1`);
    expect(preview.body).toMatchObject({ status: 'draft', content: { title: { 'zh-CN': '修改后' } } });
    expect(preview.body.content.questions).toHaveLength(aQuestionnaire().questions.length);

    const published = await staff.post(`${V1}/questionnaires/${id}/versions/1/publish`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published' });

    const refused = await staff.put(`${V1}/questionnaires/${id}/versions/1`, {
      content: titled('发布后再改'),
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('VERSION_FROZEN');
    expect((await staff.get(`${V1}/questionnaires/${id}/versions/1`)).body).toEqual(
      (await staff.get(`${V1}/questionnaires/${id}/versions/1`)).body,
    );
    expect((await staff.get(`${V1}/questionnaires/${id}/versions/1`)).body.content.title['zh-CN']).toBe(
      '修改后',
    );
    expect((await staff.post(`${V1}/questionnaires/${id}/versions/1/publish`)).status).toBe(409);

    const v2 = await staff.post(`${V1}/questionnaires/${id}/versions`, {});
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ version: 2, status: 'draft' });
    expect((await staff.get(`${V1}/questionnaires/${id}/versions/2`)).body.content.title['zh-CN']).toBe(
      '修改后',
    );

    const head = await staff.get(`${V1}/questionnaires/${id}`);
    expect(head.body).toMatchObject({
      questionnaireId: id,
      ownerId: UNIT,
      latestVersion: 2,
      latestPublished: 1,
    });
    expect(head.body.versions.map((v: { status: string }) => v.status)).toEqual(['published', 'draft']);

    const archived = await staff.post(`${V1}/questionnaires/${id}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body.archived).toBe(true);
    const afterArchive = await staff.post(`${V1}/questionnaires/${id}/versions`, {});
    expect(afterArchive.status).toBe(409);
    expect(afterArchive.body.error.code).toBe('QUESTIONNAIRE_ARCHIVED');
    expect((await staff.post(`${V1}/questionnaires/${id}/versions/2/publish`)).status).toBe(409);

    const list = await staff.get(`${V1}/questionnaires?ownerId=${UNIT}`);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({
        questionnaireId: id,
        title: expect.objectContaining({ 'zh-CN': '修改后' }),
        archived: true,
      }),
    );
  });

  it('creates a new version from given content', async () => {
    const id = await publishedQuestionnaire();
    const res = await stack
      .as('county-admin')
      .post(`${V1}/questionnaires/${id}/versions`, { content: titled('第二版') });
    expect(res.status).toBe(201);
    const v2 = await stack.as('county-admin').get(`${V1}/questionnaires/${id}/versions/2`);
    expect(v2.body.content.title['zh-CN']).toBe('第二版');
  });

  it('records who changed what, with the values before and after', async () => {
    const id = await createDraft();
    await stack
      .as('county-admin')
      .put(`${V1}/questionnaires/${id}/versions/1`, { content: titled('审计后') });
    await stack.as('county-admin').post(`${V1}/questionnaires/${id}/versions/1/publish`);
    const day = serviceDay(new Date());
    const audit = await stack.as('county-admin').get(`${V1}/audit?from=${day}&to=${day}`);
    const mine = audit.body.entries.filter((e: { targetId: string }) => e.targetId === id);
    expect(mine.map((e: { action: string }) => e.action).sort()).toEqual([
      'questionnaire.create',
      'questionnaire.edit',
      'questionnaire.publish',
    ]);
    const edit = mine.find((e: { action: string }) => e.action === 'questionnaire.edit');
    expect(edit.before.content.title['zh-CN']).toBe('窗口评价');
    expect(edit.after.content.title['zh-CN']).toBe('审计后');
    expect(edit.actor.userId).toBe('county-admin');
    // Readers see the title of the time, not only the identifier.
    expect(edit.targetName).toBe('审计后');
    expect(mine.find((e: { action: string }) => e.action === 'questionnaire.create').targetName).toBe(
      '窗口评价',
    );
  });

  it('lets a unit read the province questionnaire it inherits, but not change it', async () => {
    const staff = stack.as('unit-staff');
    expect((await staff.get(`${V1}/questionnaires/window-service`)).status).toBe(200);
    expect((await staff.get(`${V1}/questionnaires?ownerId=130000`)).body.items).toContainEqual(
      expect.objectContaining({ questionnaireId: 'window-service' }),
    );
    const before = await snapshot();
    expect((await staff.post(`${V1}/questionnaires/window-service/versions`, {})).status).toBe(404);
    expect((await staff.post(`${V1}/questionnaires/window-service/archive`)).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });
});

describe('bad questionnaire requests change nothing', () => {
  it('refuses an owner outside the caller scope with 404', async () => {
    const before = await snapshot();
    const res = await stack
      .as('county-admin')
      .post(`${V1}/questionnaires`, { ownerId: '130602', content: titled('越权') });
    expect(res.status).toBe(404);
    expect((await stack.as('unit-staff').get(`${V1}/questionnaires?ownerId=130628002`)).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses unknown fields and invalid content with the offending field', async () => {
    const before = await snapshot();
    const extra = await stack
      .as('county-admin')
      .post(`${V1}/questionnaires`, { ownerId: UNIT, content: titled('x'), status: 'published' });
    expect(extra.status).toBe(400);
    expect(extra.body.error.details).toContainEqual(
      expect.objectContaining({ field: 'status', code: 'unknown_field' }),
    );
    const bad = await stack.as('county-admin').post(`${V1}/questionnaires`, {
      ownerId: UNIT,
      content: { ...titled('x'), questions: [] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('content.questions');
    expect(await snapshot()).toEqual(before);
  });

  it('answers an unknown questionnaire or version with 404 and a malformed version with 400', async () => {
    const id = await createDraft();
    const before = await snapshot();
    const admin = stack.as('county-admin');
    expect((await admin.get(`${V1}/questionnaires/no-such-questionnaire`)).status).toBe(404);
    expect((await admin.put(`${V1}/questionnaires/${id}/versions/9`, { content: titled('x') })).status).toBe(
      404,
    );
    expect((await admin.get(`${V1}/questionnaires/${id}/versions/first`)).status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an edit after publication with 409 and keeps the published content', async () => {
    const id = await publishedQuestionnaire();
    const before = await snapshot();
    const published = await stack.as('county-admin').get(`${V1}/questionnaires/${id}/versions/1`);
    const res = await stack
      .as('county-admin')
      .put(`${V1}/questionnaires/${id}/versions/1`, { content: titled('改') });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'VERSION_FROZEN', message: '该版本已发布，不能再修改' });
    expect((await stack.as('county-admin').get(`${V1}/questionnaires/${id}/versions/1`)).body).toEqual(
      published.body,
    );
    expect(await snapshot()).toEqual(before);
  });
});

describe('SurveyJS import', () => {
  it('imports the common subset as a draft and reports warnings', async () => {
    const res = await stack.as('unit-staff').post(`${V1}/questionnaires/import/surveyjs`, {
      ownerId: UNIT,
      survey: windowSurvey,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ version: 1, warnings: expect.any(Array) });
    const v1 = await stack
      .as('unit-staff')
      .get(`${V1}/questionnaires/${res.body.questionnaireId}/versions/1`);
    expect(v1.body.status).toBe('draft');
    expect(v1.body.content.title['zh-CN']).toBe('公安窗口服务满意度调查');
    expect(v1.body.content.questions.map((q: { type: string }) => q.type)).toEqual([
      'satisfaction',
      'satisfaction',
      'scale',
      'single',
      'multiple',
      'text',
      'text',
    ]);
  });

  it('lists everything unmappable and stores nothing', async () => {
    const before = await snapshot();
    const res = await stack.as('unit-staff').post(`${V1}/questionnaires/import/surveyjs`, {
      ownerId: UNIT,
      survey: unmappableSurvey,
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('SURVEYJS_UNMAPPABLE');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual([
      'triggers',
      'pages[0].elements[1]',
      'pages[0].elements[2]',
      'pages[0].elements[3].showOtherItem',
      'pages[0].elements[4].visibleIf',
      'pages[0].elements[5].inputType',
      'pages[1].elements[0]',
    ]);
    expect(res.body.error.details[1]).toMatchObject({
      code: 'unsupported_type',
      message: expect.stringContaining('matrix'),
      messageEn: expect.stringContaining('matrix'),
    });
    expect(await snapshot()).toEqual(before);
  });

  it('answers a malformed file with 4xx and stores nothing', async () => {
    const before = await snapshot();
    const staff = stack.as('unit-staff');
    const broken = await staff.post(`${V1}/questionnaires/import/surveyjs`, {
      ownerId: UNIT,
      survey: malformedSurvey,
    });
    expect(broken.status).toBe(422);
    expect(broken.body.error.details.map((d: { field: string }) => d.field)).toContain('elements[0]');
    const notObject = await staff.post(`${V1}/questionnaires/import/surveyjs`, {
      ownerId: UNIT,
      survey: [1, 2],
    });
    expect(notObject.status).toBe(400);
    const notJson = await stack.console().request(`${V1}/questionnaires/import/surveyjs`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await stack.token('unit-staff')}`,
        'content-type': 'application/json',
      },
      body: '{"ownerId":"130628001","survey":{"title":',
    });
    expect(notJson.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it('checks the owner scope before reading the file', async () => {
    const before = await snapshot();
    const res = await stack.as('unit-staff').post(`${V1}/questionnaires/import/surveyjs`, {
      ownerId: '130628002',
      survey: unmappableSurvey,
    });
    expect(res.status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });
});

describe('archiving closes the citizen form', () => {
  it('answers the form and pinned submissions with 410 once archived', async () => {
    const id = await publishedQuestionnaire();
    const sp = await freshServicePoint(stack, `130000/130600/130628/${UNIT}`);
    const issued = await stack
      .as('county-admin')
      .post(`${V1}/service-points/${sp}/qr-tokens`, { questionnaireId: id });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const token = new URL(issued.body.url).searchParams.get('t')!;
    const app = stack.app();
    const submit = () =>
      app.request(`/api/v1/forms/${token}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(aSubmission({ version: 1 })),
      });
    expect((await app.request(`/api/v1/forms/${token}`)).status).toBe(200);
    expect((await submit()).status).toBe(201);

    expect((await stack.as('county-admin').post(`${V1}/questionnaires/${id}/archive`)).status).toBe(200);

    const form = await app.request(`/api/v1/forms/${token}`);
    expect(form.status).toBe(410);
    expect(await form.json()).toMatchObject({
      error: { code: 'QUESTIONNAIRE_ARCHIVED', message: expect.stringMatching(/问卷/) },
    });
    const late = await submit();
    expect(late.status).toBe(410);
    expect((await stack.as('county-admin').get(`${V1}/questionnaires/${id}/versions/1`)).body.status).toBe(
      'archived',
    );
  });
});
