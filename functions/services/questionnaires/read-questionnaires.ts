/** Use cases: list an owner's questionnaires, read one with its versions, read one version. */
import type { Principal } from '../../domain/access';
import { contentForViewer } from '../../domain/integrity/visibility';
import { loadOwner, loadQuestionnaire, loadVersion } from './load';
import type { QuestionnaireStore } from './ports';

/**
 * 1. The owner must be in the caller's subtree or one of its ancestors (inherited questionnaires).
 * 2. Lists its questionnaires with the latest version's title, newest first.
 */
export async function listQuestionnaires(store: QuestionnaireStore, p: Principal, ownerId: string) {
  await loadOwner(store, p, 'questionnaire:read', ownerId);
  const items = await store.listByOwner(ownerId);
  items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return {
    items: items.map((h) => ({
      questionnaireId: h.questionnaireId,
      ownerId: h.ownerId,
      title: h.title,
      latestVersion: h.latestVersion,
      latestPublished: h.latestPublished,
      archived: h.archived === true,
      createdAt: h.createdAt,
    })),
  };
}

/**
 * 1. Loads the head, checking read scope.
 * 2. Lists the versions without their content (the console loads a version to preview it).
 */
export async function getQuestionnaire(store: QuestionnaireStore, p: Principal, questionnaireId: string) {
  const { head } = await loadQuestionnaire(store, p, 'questionnaire:read', questionnaireId);
  const versions = await store.listVersions(questionnaireId);
  return {
    ...head,
    archived: head.archived === true,
    versions: versions.map((v) => ({
      version: v.version,
      status: v.status,
      createdAt: v.createdAt,
      publishedAt: v.publishedAt,
      title: v.content.title,
    })),
  };
}

/**
 * 1. Checks read scope.
 * 2. Returns the whole version, content included (for the preview and the editor), without the
 *    integrity settings the caller may not see (domain/integrity/visibility.ts).
 */
export async function getQuestionnaireVersion(
  store: QuestionnaireStore,
  p: Principal,
  questionnaireId: string,
  version: number,
) {
  await loadQuestionnaire(store, p, 'questionnaire:read', questionnaireId);
  return contentForViewer(p, await loadVersion(store, questionnaireId, version));
}
