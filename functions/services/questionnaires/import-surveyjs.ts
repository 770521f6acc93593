/** Use case: import a SurveyJS JSON survey as a new questionnaire draft. */
import type { Principal } from '../../domain/access';
import { importSurveyJs } from '../../domain/surveyjs-import';
import type { ConsoleContext } from '../console-ports';
import { createQuestionnaire } from './change-questionnaires';
import { loadOwner } from './load';
import type { QuestionnaireStore } from './ports';

/**
 * 1. Checks the caller may write questionnaires of the owner (before looking at the file).
 * 2. Maps the survey; anything unmappable throws 422 SURVEYJS_UNMAPPABLE listing every part,
 *    before anything is stored.
 * 3. Creates the questionnaire as draft version 1 (audited), and returns the mapping's warnings.
 */
export async function importSurveyJsQuestionnaire(
  store: QuestionnaireStore,
  ctx: ConsoleContext,
  p: Principal,
  input: { ownerId: string; survey: unknown },
) {
  await loadOwner(store, p, 'questionnaire:write', input.ownerId);
  const { content, warnings } = importSurveyJs(input.survey);
  const created = await createQuestionnaire(store, ctx, p, { ownerId: input.ownerId, content });
  return { questionnaireId: created.questionnaireId, version: created.version, warnings };
}
