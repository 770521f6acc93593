/** Loading QR tokens and service points within the caller's scope. */
import {
  type Action,
  authorize,
  authorizeQuestionnaire,
  type Principal,
  requireAction,
} from '../../domain/access';
import { ConflictError, NotFoundError } from '../../domain/errors';
import type { OrgNode } from '../../domain/org';
import { formUrl, signQrToken } from '../../domain/qr-token';
import type { QrTokenRecord } from '../ports';
import type { QrSettings, QrStore } from './ports';

/** A service point the caller may act on, or 404 (absent, out of scope or not a service point). */
export async function loadServicePoint(
  store: QrStore,
  p: Principal,
  action: Action,
  id: string,
): Promise<OrgNode> {
  requireAction(p, action);
  const node = (await store.getNodes([id])).get(id);
  authorize(p, action, node?.kind === 'servicePoint' ? node : undefined);
  return node!;
}

/** A token whose service point the caller may act on, with that service point, or 404. */
export async function loadToken(store: QrStore, p: Principal, action: Action, tokenId: string) {
  requireAction(p, action);
  const token = await store.getQrToken(tokenId);
  const servicePoint = token
    ? (await store.getNodes([token.servicePointId])).get(token.servicePointId)
    : undefined;
  authorize(p, action, servicePoint);
  return { token: token!, servicePoint: servicePoint! };
}

/**
 * A questionnaire the caller may bind a QR code to: readable by the caller (own subtree or an
 * ancestor's), published and not archived.
 */
export async function loadBindableQuestionnaire(store: QrStore, p: Principal, questionnaireId: string) {
  const head = await store.getQuestionnaireHead(questionnaireId);
  const owner = head ? (await store.getNodes([head.ownerId])).get(head.ownerId) : undefined;
  authorizeQuestionnaire(p, 'questionnaire:read', owner?.path);
  if (head!.archived || !head!.latestPublished) {
    throw new ConflictError(
      'QUESTIONNAIRE_NOT_OPEN',
      '只能为已发布且未归档的问卷生成二维码',
      'QR codes can only be issued for a published, unarchived questionnaire',
    );
  }
  return head!;
}

/** The URL printed in a token's QR code; re-derived from the record and the key, never stored. */
export const tokenUrl = (settings: QrSettings, t: QrTokenRecord): string =>
  formUrl(settings.publicBaseUrl(), signQrToken(settings.qrKey, t), settings.formPath);

/** Images are only made for active tokens: a revoked code must not be printed again. */
export function requireActive(t: QrTokenRecord): void {
  if (t.status !== 'active') {
    throw new ConflictError('TOKEN_NOT_ACTIVE', '该二维码已停用', 'This QR code has been revoked');
  }
}

export const notAUnit = () => new NotFoundError('单位', 'Unit');
