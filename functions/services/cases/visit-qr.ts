/**
 * A visit's own QR code (走访评议): questionnaires handed out during the visit come back
 * tagged with it. Issue one, revoke it, download it as PNG or SVG. The code is an ordinary signed
 * QR token of one of the unit's service points that also binds the visit, and expires at the end
 * of the visit window.
 */
import { type Action, OutOfScopeError, type Principal, requireAction } from '../../domain/access';
import { auditEntry } from '../../domain/audit';
import {
  DEFAULT_VISIT_QR_VALID_DAYS,
  isExpired,
  type Visit,
  type VisitQr,
  visitQrExpiry,
} from '../../domain/cases/visit';
import { ConflictError, NotFoundError } from '../../domain/errors';
import { isWithin, type OrgNode } from '../../domain/org';
import { newTokenId } from '../../domain/qr-token';
import type { QrTokenRecord } from '../ports';
import { loadBindableQuestionnaire, requireActive, tokenUrl } from '../qr/load';
import type { QrDeps } from '../qr/manage-qr-tokens';
import { qrPng, qrSvg } from '../qr/qr-image';
import { type CaseDeps, loadNodeInScope } from './deps';

export interface VisitQrDeps {
  cases: CaseDeps;
  qr: QrDeps;
}

export interface IssueVisitQrInput {
  questionnaireId: string;
  /** One of the visit unit's service points; its first active one when absent. */
  servicePointId?: string;
  /** Days after the visit date the code stays valid; the deployment's setting when absent. */
  validDays?: number;
}

/** A visit the principal may act on with `action`, or 404 (absent or out of scope). */
export async function loadVisitInScope(deps: CaseDeps, p: Principal, action: Action, visitId: string) {
  requireAction(p, action);
  const found = await deps.visits.getVisit(visitId);
  if (!found || !isWithin({ path: found.visit.unitPath }, p.scopeId)) throw new OutOfScopeError();
  // The unit is read again: a unit moved out of the caller's subtree takes its visits with it.
  await loadNodeInScope(deps, p, action, found.visit.unitId);
  return found;
}

/** The service point a visit's answers count for: the one named, if it belongs to the unit, or the first active one. */
async function servicePointFor(deps: VisitQrDeps, visit: Visit, requested?: string): Promise<OrgNode> {
  if (requested) {
    const sp = (await deps.qr.store.getNodes([requested])).get(requested);
    if (sp?.kind !== 'servicePoint' || sp.parentId !== visit.unitId) {
      throw new NotFoundError('本单位的服务窗口', "Service point of the visit's unit");
    }
    if (!sp.active)
      throw new ConflictError('SERVICE_POINT_INACTIVE', '服务窗口已停用', 'The service point is deactivated');
    return sp;
  }
  const first = (await deps.qr.store.children(visit.unitId))
    .filter((n) => n.kind === 'servicePoint' && n.active)
    .sort((a, b) => a.id.localeCompare(b.id))[0];
  if (!first) {
    throw new ConflictError(
      'NO_SERVICE_POINT',
      '该单位没有启用的服务窗口，无法生成走访二维码',
      'The unit has no active service point to count the answers for',
    );
  }
  return first;
}

/** The token record behind a visit's code, or 404 when the visit has none. */
async function visitToken(deps: VisitQrDeps, visit: Visit): Promise<QrTokenRecord> {
  const token = visit.qr && (await deps.qr.store.getQrToken(visit.qr.tokenId));
  if (!token) throw new NotFoundError('走访二维码', 'Visit QR code');
  return token;
}

/** What the console shows of a visit's code. */
const view = (deps: VisitQrDeps, token: QrTokenRecord, qr: VisitQr) => ({
  ...qr,
  status: token.status,
  url: token.status === 'active' ? tokenUrl(deps.qr, token) : undefined,
});

/**
 * 1. The visit is in scope (case:write, like every visit action).
 * 2. One live code per visit: a second is refused while the first is active and not expired.
 * 3. The service point (one of the unit's, active) and the questionnaire (readable, published).
 * 4. The window ends `validDays` after the visit date; a window already over is refused.
 * 5. Stores the token (signed with the visit), the visit's link to it and the audit entry in one
 *    transaction, conditional on the visit's code being unchanged meanwhile.
 */
export async function issueVisitQr(
  deps: VisitQrDeps,
  p: Principal,
  visitId: string,
  input: IssueVisitQrInput,
) {
  const { visit } = await loadVisitInScope(deps.cases, p, 'case:write', visitId);
  const now = deps.cases.clock.now();
  if (visit.qr) {
    const current = await deps.qr.store.getQrToken(visit.qr.tokenId);
    if (current?.status === 'active' && !isExpired(current, now)) {
      throw new ConflictError(
        'VISIT_QR_EXISTS',
        '该走访已有有效的二维码，如需重新生成请先停用',
        'This visit already has an active QR code; revoke it first',
      );
    }
  }
  const sp = await servicePointFor(deps, visit, input.servicePointId);
  await loadBindableQuestionnaire(deps.qr.store, p, input.questionnaireId);
  const validDays = input.validDays ?? deps.cases.settings.visitQrValidDays ?? DEFAULT_VISIT_QR_VALID_DAYS;
  const expiresAt = visitQrExpiry(visit.date, validDays);
  if (expiresAt <= now.toISOString()) {
    throw new ConflictError(
      'VISIT_WINDOW_OVER',
      `走访日期已超过${validDays}天，不能再生成二维码`,
      `The visit was more than ${validDays} days ago; no code can be issued`,
    );
  }
  const token: QrTokenRecord = {
    tokenId: newTokenId(),
    servicePointId: sp.id,
    unitId: visit.unitId,
    questionnaireId: input.questionnaireId,
    status: 'active',
    createdAt: now.toISOString(),
    visitId: visit.id,
    expiresAt,
  };
  const qr: VisitQr = {
    tokenId: token.tokenId,
    servicePointId: sp.id,
    questionnaireId: input.questionnaireId,
    issuedAt: token.createdAt,
    issuedBy: p.userId,
    expiresAt,
  };
  await deps.cases.visits.issueVisitQr(
    token,
    qr,
    visit.qr?.tokenId,
    auditEntry(p, now, deps.cases.newId(), {
      action: 'visit.qr.issue',
      targetType: 'visit',
      targetName: `${visit.date} ${visit.partyName}`,
      targetId: visit.id,
      targetPath: visit.unitPath,
      before: visit.qr,
      after: qr,
    }),
  );
  return view(deps, token, qr);
}

/** 1. The visit is in scope (case:write). 2. Revokes its code at once (409 if it already was). */
export async function revokeVisitQr(deps: VisitQrDeps, p: Principal, visitId: string) {
  const { visit } = await loadVisitInScope(deps.cases, p, 'case:write', visitId);
  const token = await visitToken(deps, visit);
  requireActive(token);
  const now = deps.cases.clock.now();
  await deps.qr.store.revoke(
    token.tokenId,
    now.toISOString(),
    auditEntry(p, now, deps.cases.newId(), {
      action: 'visit.qr.revoke',
      targetType: 'visit',
      targetName: `${visit.date} ${visit.partyName}`,
      targetId: visit.id,
      targetPath: visit.unitPath,
      before: { tokenId: token.tokenId, status: 'active' },
      after: { tokenId: token.tokenId, status: 'revoked' },
    }),
  );
  return view(deps, { ...token, status: 'revoked' }, visit.qr!);
}

/**
 * 1. The visit is in scope (case:read).
 * 2. Only a live code is drawn: a revoked or expired one must not be handed out again.
 * Returns the URL to draw.
 */
async function liveVisitQrUrl(deps: VisitQrDeps, p: Principal, visitId: string): Promise<string> {
  const { visit } = await loadVisitInScope(deps.cases, p, 'case:read', visitId);
  const token = await visitToken(deps, visit);
  requireActive(token);
  if (isExpired(token, deps.cases.clock.now())) {
    throw new ConflictError('TOKEN_EXPIRED', '走访二维码已过期', "The visit's QR code has expired");
  }
  return tokenUrl(deps.qr, token);
}

/** The visit's live code as a PNG (screens, messages); see liveVisitQrUrl. */
export const visitQrPng = async (deps: VisitQrDeps, p: Principal, visitId: string): Promise<Buffer> =>
  qrPng(await liveVisitQrUrl(deps, p, visitId));

/** The visit's live code as an SVG (print at any size); see liveVisitQrUrl. */
export const visitQrSvg = async (deps: VisitQrDeps, p: Principal, visitId: string): Promise<string> =>
  qrSvg(await liveVisitQrUrl(deps, p, visitId));
