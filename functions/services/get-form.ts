/** Use case: a citizen opens the form behind a QR code. */
import { NotFoundError, WindowDeactivatedError } from '../domain/errors';
import { QuestionnaireArchivedError } from '../domain/questionnaire-lifecycle';
import type { QuestionnaireContent } from '../schemas/questionnaire';
import type { FormView } from '../schemas/submission';
import type { DirectoryReader, QrTokenRecord, QuestionnaireReader } from './ports';
import { resolveToken } from './resolve-token';
import type { WindowActivity } from './window-activity';

export interface GetFormDeps {
  directory: DirectoryReader;
  questionnaires: QuestionnaireReader;
  qrKey: Buffer;
  /** Whether the window and every node above it are active (cached up to 30 s). */
  windowActive?: WindowActivity;
}

/** What the citizen sees, and the whole questionnaire content behind it (for the server's own checks). */
export interface LoadedForm {
  view: FormView;
  content: QuestionnaireContent;
  record: QrTokenRecord;
}

/**
 * 1. Resolves the token (fresh read, so a revoked code stops showing the form at once).
 * 2. Loads the service point, its unit and the latest published questionnaire version; a
 *    window that is (or sits under a node that is) deactivated answers 410.
 * 3. Returns what the form renders, and the content with its integrity settings for the server.
 */
export async function loadForm(deps: GetFormDeps, token: string): Promise<LoadedForm> {
  const record = await resolveToken(token, deps.qrKey, (id) => deps.directory.getQrToken(id));
  const [nodes, version, open] = await Promise.all([
    deps.directory.getNodes([record.servicePointId, record.unitId]),
    deps.questionnaires.getLatestPublished(record.questionnaireId),
    deps.windowActive?.(record.servicePointId) ?? true,
  ]);
  const servicePoint = nodes.get(record.servicePointId);
  const unit = nodes.get(record.unitId);
  if (!servicePoint || !unit) throw new NotFoundError('服务窗口', 'Service point');
  if (!servicePoint.active || !unit.active || !open) throw new WindowDeactivatedError();
  if (!version) throw new NotFoundError('可填写的问卷', 'Published questionnaire');
  // Archiving flips the published version to `archived` (read fresh here, never from a cache).
  if (version.status === 'archived') throw new QuestionnaireArchivedError();
  const view = {
    token,
    servicePoint: { id: servicePoint.id, name: servicePoint.name },
    unit: { id: unit.id, name: unit.name },
    ...(record.locale ? { locale: record.locale } : {}),
    questionnaire: publicQuestionnaire(version.questionnaireId, version.version, version.content),
  };
  return { view, content: version.content, record };
}

/**
 * The questionnaire as a citizen's form needs it. Of the integrity settings only whether proof of
 * work is asked is shown: the quiet limits, opening hours and unit network ranges would tell a
 * stuffer exactly how far he can go unseen.
 */
function publicQuestionnaire(id: string, version: number, content: QuestionnaireContent) {
  const { settings, ...rest } = content;
  return { id, version, ...rest, ...(settings?.altcha ? { settings: { altcha: true as const } } : {}) };
}
