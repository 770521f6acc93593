/** Use case: a citizen opens the form behind a QR code. */
import { NotFoundError } from '../domain/errors';
import { QuestionnaireArchivedError } from '../domain/questionnaire-lifecycle';
import type { FormView } from '../schemas/submission';
import type { DirectoryReader, QuestionnaireReader } from './ports';
import { resolveToken } from './resolve-token';

export interface GetFormDeps {
  directory: DirectoryReader;
  questionnaires: QuestionnaireReader;
  qrKey: Buffer;
}

/**
 * 1. Resolves the token (fresh read, so a revoked code stops showing the form at once).
 * 2. Loads the service point, its unit and the latest published questionnaire version.
 * 3. Returns what the form renders.
 */
export async function getForm(deps: GetFormDeps, token: string): Promise<FormView> {
  const record = await resolveToken(token, deps.qrKey, (id) => deps.directory.getQrToken(id));
  const [nodes, version] = await Promise.all([
    deps.directory.getNodes([record.servicePointId, record.unitId]),
    deps.questionnaires.getLatestPublished(record.questionnaireId),
  ]);
  const servicePoint = nodes.get(record.servicePointId);
  const unit = nodes.get(record.unitId);
  if (!servicePoint?.active || !unit?.active) throw new NotFoundError('服务窗口', 'Service point');
  if (!version) throw new NotFoundError('可填写的问卷', 'Published questionnaire');
  // Archiving flips the published version to `archived` (read fresh here, never from a cache).
  if (version.status === 'archived') throw new QuestionnaireArchivedError();
  return {
    token,
    servicePoint: { id: servicePoint.id, name: servicePoint.name },
    unit: { id: unit.id, name: unit.name },
    questionnaire: { id: version.questionnaireId, version: version.version, ...version.content },
  };
}
