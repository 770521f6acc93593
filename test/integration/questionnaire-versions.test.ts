import { beforeAll, describe, expect, it } from 'vitest';
import { QuestionnaireRepository } from '../../functions/db/questionnaire-repository';
import { ConflictError } from '../../functions/domain/errors';
import { aQuestionnaire } from '../fixtures/factories';
import { createTestDb, type TestDb } from '../fixtures/test-db';

let db: TestDb;
let repo: QuestionnaireRepository;
beforeAll(async () => {
  db = await createTestDb();
  repo = new QuestionnaireRepository(db.client, db.tables.questionnaires);
});

const head = (id: string) => ({
  questionnaireId: id,
  ownerId: '130628001',
  createdAt: '2026-11-28T00:00:00Z',
});

describe('questionnaire versions', () => {
  it('lets a draft be edited until it is published', async () => {
    await repo.create(head('q-edit'), aQuestionnaire());
    const edited = aQuestionnaire({ title: { 'zh-CN': '新标题', en: 'New title' } });
    await repo.updateDraft('q-edit', 1, edited);
    expect((await repo.getVersion('q-edit', 1))?.content.title['zh-CN']).toBe('新标题');
  });

  it('freezes a published version: edits and a second publish get 409', async () => {
    await repo.create(head('q-frozen'), aQuestionnaire());
    await repo.publish('q-frozen', 1, '2026-11-28T01:00:00Z');
    const published = await repo.getVersion('q-frozen', 1);
    expect(published?.status).toBe('published');
    await expect(repo.updateDraft('q-frozen', 1, aQuestionnaire({ questions: [] as never }))).rejects.toThrow(
      ConflictError,
    );
    await expect(repo.publish('q-frozen', 1, '2026-11-28T02:00:00Z')).rejects.toMatchObject({
      status: 409,
      code: 'VERSION_FROZEN',
    });
    expect(await repo.getVersion('q-frozen', 1)).toEqual(published);
    expect((await repo.getLatestPublished('q-frozen'))?.version).toBe(1);
  });

  it('refuses to edit a version that does not exist as a draft', async () => {
    await expect(repo.updateDraft('q-missing', 1, aQuestionnaire())).rejects.toMatchObject({ status: 409 });
  });

  it('does not create a questionnaire twice', async () => {
    expect(await repo.create(head('q-once'), aQuestionnaire())).toBe(true);
    expect(await repo.create(head('q-once'), aQuestionnaire())).toBe(false);
  });
});
