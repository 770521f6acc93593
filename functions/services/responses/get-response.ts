/** Use case: staff open one response of their subtree. */
import { authorize, OutOfScopeError, type Principal, requireAction } from '../../domain/access';
import type { LocalizedText, Question } from '../../schemas/questionnaire';
import type { ReportingDeps, ResponseRecord } from './ports';

export interface ResponseDetail extends ResponseRecord {
  unit: { id: string; name: LocalizedText };
  servicePoint: { id: string; name: LocalizedText };
  /** The version the citizen answered, to label the answers (absent if that version is gone). */
  questionnaire?: { id: string; version: number; title: LocalizedText; questions: Question[] };
}

/**
 * 1. Requires `response:read` (403 before anything is read).
 * 2. Reads the response; a missing one is 404.
 * 3. Authorizes against its unit's current place in the tree (the response carries no path):
 *    a response outside the caller's subtree is 404, exactly like a missing one.
 * 4. Adds the unit and service point names and the answered version's questions.
 */
export async function getResponse(
  deps: ReportingDeps,
  p: Principal,
  responseId: string,
): Promise<ResponseDetail> {
  requireAction(p, 'response:read');
  const r = await deps.responses.getResponse(responseId);
  if (!r) throw new OutOfScopeError();
  const nodes = await deps.tree.getNodes([r.unitId, r.servicePointId]);
  const unit = nodes.get(r.unitId);
  authorize(p, 'response:read', unit);
  const sp = nodes.get(r.servicePointId);
  const version = await deps.versions.getVersion(r.questionnaireId, r.version);
  return {
    ...r,
    unit: { id: r.unitId, name: unit!.name },
    servicePoint: {
      id: r.servicePointId,
      name: sp?.name ?? { 'zh-CN': r.servicePointId, en: r.servicePointId },
    },
    ...(version
      ? {
          questionnaire: {
            id: r.questionnaireId,
            version: r.version,
            title: version.content.title,
            questions: version.content.questions,
          },
        }
      : {}),
  };
}
