/** Use cases that change questionnaires: create, edit a draft, add a version, publish, archive. */
import type { Principal } from '../../domain/access';
import { auditEntry } from '../../domain/audit';
import { ConflictError } from '../../domain/errors';
import { contentForViewer, settledContent } from '../../domain/integrity/visibility';
import type { OrgNode } from '../../domain/org';
import { publishedContent } from '../../domain/province-settings';
import { archivedConflict, frozenConflict } from '../../domain/questionnaire-lifecycle';
import type { QuestionnaireContent } from '../../schemas/questionnaire';
import type { ConsoleContext } from '../console-ports';
import { loadOwner, loadQuestionnaire, loadVersion } from './load';
import type { QuestionnaireHeadRecord, QuestionnaireStore } from './ports';

const audit = (
  p: Principal,
  ctx: ConsoleContext,
  at: Date,
  owner: OrgNode,
  questionnaireId: string,
  e: { action: string; targetName: string; before?: unknown; after?: unknown },
) =>
  auditEntry(p, at, ctx.newId(), {
    ...e,
    targetType: 'questionnaire',
    targetId: questionnaireId,
    targetPath: owner.path,
  });

const inactiveOwner = () =>
  new ConflictError('OWNER_INACTIVE', '所属单位已停用', 'The owning organisation node is deactivated');

/**
 * 1. The owner must be an active node in the caller's subtree; below the province level the
 *    content carries questions and wording only (score mapping and integrity settings at defaults).
 * 2. Creates the questionnaire with draft version 1 and its audit entry, in one transaction.
 */
export async function createQuestionnaire(
  store: QuestionnaireStore,
  ctx: ConsoleContext,
  p: Principal,
  input: { ownerId: string; content: QuestionnaireContent },
) {
  settledContent(p, input.content, undefined);
  const owner = await loadOwner(store, p, 'questionnaire:write', input.ownerId);
  if (!owner.active) throw inactiveOwner();
  const now = ctx.clock.now();
  const questionnaireId = ctx.newId();
  await store.createAudited(
    { questionnaireId, ownerId: owner.id, createdAt: now.toISOString() },
    input.content,
    audit(p, ctx, now, owner, questionnaireId, {
      action: 'questionnaire.create',
      targetName: input.content.title['zh-CN'],
      after: { ownerId: owner.id, version: 1, content: input.content },
    }),
  );
  return { questionnaireId, version: 1, status: 'draft' as const };
}

/** Loads a questionnaire the caller may change, refusing archived ones. */
async function loadWritable(store: QuestionnaireStore, p: Principal, questionnaireId: string) {
  const loaded = await loadQuestionnaire(store, p, 'questionnaire:write', questionnaireId);
  if (loaded.head.archived) throw archivedConflict();
  return loaded;
}

/**
 * 1. Loads the questionnaire (write scope, not archived) and the version.
 * 2. Refuses anything but a draft with 409 VERSION_FROZEN; the write's own condition repeats the
 *    check, so a publish racing this edit still wins cleanly. Below the province level the score
 *    mapping and integrity settings must stay as the draft has them (403 naming the field); the
 *    hidden ones (domain/integrity/visibility.ts) are carried over from the draft.
 * 3. Replaces the draft's content, auditing before and after.
 */
export async function editDraft(
  store: QuestionnaireStore,
  ctx: ConsoleContext,
  p: Principal,
  questionnaireId: string,
  version: number,
  content: QuestionnaireContent,
) {
  const { owner } = await loadWritable(store, p, questionnaireId);
  const before = await loadVersion(store, questionnaireId, version);
  if (before.status !== 'draft') throw frozenConflict();
  const settled = settledContent(p, content, before.content);
  const now = ctx.clock.now();
  await store.updateDraftAudited(
    questionnaireId,
    version,
    settled,
    audit(p, ctx, now, owner, questionnaireId, {
      action: 'questionnaire.edit',
      targetName: settled.title['zh-CN'],
      before: { version, content: before.content },
      after: { version, content: settled },
    }),
  );
  return contentForViewer(p, { ...before, content: settled });
}

/**
 * 1. Loads the questionnaire (write scope, not archived).
 * 2. Takes the given content, or copies the latest version's; given content keeps the latest
 *    version's score mapping and integrity settings unless the caller is at province level (the
 *    hidden ones carried over for callers who may not see them).
 * 3. Adds it as draft `latestVersion + 1`, on condition that no other version was added meanwhile.
 */
export async function addDraftVersion(
  store: QuestionnaireStore,
  ctx: ConsoleContext,
  p: Principal,
  questionnaireId: string,
  content: QuestionnaireContent | undefined,
) {
  const { head, owner } = await loadWritable(store, p, questionnaireId);
  const latest = (await loadVersion(store, questionnaireId, head.latestVersion)).content;
  const source = content ? settledContent(p, content, latest) : latest;
  const now = ctx.clock.now();
  const version = head.latestVersion + 1;
  await store.addVersion(
    { questionnaireId, version, content: source, createdAt: now.toISOString() },
    audit(p, ctx, now, owner, questionnaireId, {
      action: 'questionnaire.new_version',
      targetName: source.title['zh-CN'],
      before: { latestVersion: head.latestVersion },
      after: { version, content: source, copiedFrom: content ? undefined : head.latestVersion },
    }),
  );
  return { questionnaireId, version, status: 'draft' as const };
}

/**
 * 1. Loads the questionnaire (write scope, not archived) and the draft.
 * 2. Publishes it: from then on it never changes (conditional transaction in the repository).
 */
export async function publishVersion(
  store: QuestionnaireStore,
  ctx: ConsoleContext,
  p: Principal,
  questionnaireId: string,
  version: number,
) {
  const { owner } = await loadWritable(store, p, questionnaireId);
  const draft = await loadVersion(store, questionnaireId, version);
  if (draft.status !== 'draft') throw frozenConflict();
  const province = await store.provinceSettings(owner.path.split('/')[0]!);
  const content = publishedContent(draft.content, province);
  const now = ctx.clock.now();
  const publishedAt = now.toISOString();
  await store.publishAudited(
    questionnaireId,
    version,
    publishedAt,
    audit(p, ctx, now, owner, questionnaireId, {
      action: 'questionnaire.publish',
      targetName: draft.content.title['zh-CN'],
      before: { version, status: 'draft', scoreMapping: draft.content.scoreMapping },
      after: {
        version,
        status: 'published',
        publishedAt,
        scoreMapping: content.scoreMapping,
        provinceSettingsVersion: province.version,
      },
    }),
    { content, provinceSettingsVersion: province.version },
  );
  return {
    questionnaireId,
    version,
    status: 'published' as const,
    publishedAt,
    provinceSettingsVersion: province.version,
  };
}

/**
 * 1. Loads the questionnaire (write scope, not yet archived) and its versions.
 * 2. Marks the head archived and flips every version to `archived`, in one transaction: the
 *    citizen form then answers 410 and submissions are refused.
 */
export async function archiveQuestionnaire(
  store: QuestionnaireStore,
  ctx: ConsoleContext,
  p: Principal,
  questionnaireId: string,
) {
  const { head, owner } = await loadWritable(store, p, questionnaireId);
  const versions = await store.listVersions(questionnaireId);
  const now = ctx.clock.now();
  const archivedAt = now.toISOString();
  await store.archive(
    head,
    versions,
    archivedAt,
    audit(p, ctx, now, owner, questionnaireId, {
      action: 'questionnaire.archive',
      targetName: versions.at(-1)?.content.title['zh-CN'] ?? questionnaireId,
      before: { archived: false, versions: versions.map((v) => ({ version: v.version, status: v.status })) },
      after: { archived: true, archivedAt },
    }),
  );
  const after: QuestionnaireHeadRecord = { ...head, archived: true, archivedAt };
  return after;
}
