/** Loading questionnaires and owners with the scope rules of authorizeQuestionnaire. */
import { type Action, authorizeQuestionnaire, type Principal, requireAction } from '../../domain/access';
import { NotFoundError } from '../../domain/errors';
import type { OrgNode } from '../../domain/org';
import type { QuestionnaireVersion } from '../../schemas/questionnaire';
import type { QuestionnaireHeadRecord, QuestionnaireStore } from './ports';

/**
 * Loads a questionnaire head and its owner node, or throws 404 (absent and out of scope look
 * the same). Writes need the owner in the caller's subtree; reads also allow an ancestor's.
 */
export async function loadQuestionnaire(
  store: Pick<QuestionnaireStore, 'getHead' | 'getNodes'>,
  p: Principal,
  action: Action,
  questionnaireId: string,
): Promise<{ head: QuestionnaireHeadRecord; owner: OrgNode }> {
  requireAction(p, action);
  const head = await store.getHead(questionnaireId);
  const owner = head ? (await store.getNodes([head.ownerId])).get(head.ownerId) : undefined;
  authorizeQuestionnaire(p, action, owner?.path);
  return { head: head!, owner: owner! };
}

/** Loads an owner node the caller may read questionnaires of (or write them, for `questionnaire:write`). */
export async function loadOwner(
  store: Pick<QuestionnaireStore, 'getNodes'>,
  p: Principal,
  action: Action,
  ownerId: string,
): Promise<OrgNode> {
  requireAction(p, action);
  const owner = (await store.getNodes([ownerId])).get(ownerId);
  authorizeQuestionnaire(p, action, owner?.path);
  return owner!;
}

/** One version of a questionnaire already authorized, or 404. */
export async function loadVersion(
  store: Pick<QuestionnaireStore, 'getVersion'>,
  questionnaireId: string,
  version: number,
): Promise<QuestionnaireVersion> {
  const found = await store.getVersion(questionnaireId, version);
  if (!found) throw new NotFoundError('该问卷版本', 'Questionnaire version');
  return found;
}
