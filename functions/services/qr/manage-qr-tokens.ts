/** Use cases: list, issue, revoke and rotate the QR tokens of a service point. */
import type { Principal } from '../../domain/access';
import { auditEntry } from '../../domain/audit';
import { ConflictError } from '../../domain/errors';
import type { OrgNode } from '../../domain/org';
import { newTokenId } from '../../domain/qr-token';
import type { Locale } from '../../schemas/locales';
import type { ConsoleContext } from '../console-ports';
import type { QrTokenRecord } from '../ports';
import { loadBindableQuestionnaire, loadServicePoint, loadToken, requireActive, tokenUrl } from './load';
import type { QrSettings, QrStore } from './ports';

export interface QrDeps extends QrSettings {
  store: QrStore;
  ctx: ConsoleContext;
}

const audit = (
  p: Principal,
  ctx: ConsoleContext,
  at: Date,
  sp: OrgNode,
  tokenId: string,
  e: { action: string; before?: unknown; after?: unknown },
) =>
  auditEntry(p, at, ctx.newId(), {
    ...e,
    targetType: 'qr',
    targetId: tokenId,
    targetName: sp.name['zh-CN'],
    targetPath: sp.path,
  });

/** What the console shows of a token: never the signature alone, always the whole URL. */
const view = (deps: QrSettings, t: QrTokenRecord) => ({
  tokenId: t.tokenId,
  servicePointId: t.servicePointId,
  questionnaireId: t.questionnaireId,
  status: t.status,
  createdAt: t.createdAt,
  ...(t.locale ? { locale: t.locale } : {}),
  url: tokenUrl(deps, t),
});

/** 1. Checks the service point is in scope. 2. Lists its tokens, newest first, with their URLs. */
export async function listQrTokens(deps: QrDeps, p: Principal, servicePointId: string) {
  await loadServicePoint(deps.store, p, 'qr:read', servicePointId);
  const tokens = await deps.store.tokensOf(servicePointId);
  return { items: tokens.reverse().map((t) => view(deps, t)) };
}

/**
 * 1. The service point must be in scope and active; the questionnaire readable by the caller,
 *    published and not archived.
 * 2. One active code per service point and questionnaire: a second one is refused (rotate instead).
 * 3. Stores a new random token with its audit entry, on condition that the service point is still active.
 */
export async function issueQrToken(
  deps: QrDeps,
  p: Principal,
  servicePointId: string,
  questionnaireId: string,
  locale?: Locale,
) {
  const sp = await loadServicePoint(deps.store, p, 'qr:write', servicePointId);
  if (!sp.active) {
    throw new ConflictError('SERVICE_POINT_INACTIVE', '服务窗口已停用', 'The service point is deactivated');
  }
  await loadBindableQuestionnaire(deps.store, p, questionnaireId);
  const existing = await deps.store.tokensOf(servicePointId);
  if (existing.some((t) => t.status === 'active' && t.questionnaireId === questionnaireId)) {
    throw new ConflictError(
      'ACTIVE_TOKEN_EXISTS',
      '该窗口已有此问卷的有效二维码，如需更换请使用“更换二维码”',
      'This service point already has an active code for this questionnaire; rotate it instead',
    );
  }
  const now = deps.ctx.clock.now();
  const token: QrTokenRecord = {
    tokenId: newTokenId(),
    servicePointId,
    unitId: sp.parentId!,
    questionnaireId,
    status: 'active',
    createdAt: now.toISOString(),
    ...(locale && locale !== 'zh-CN' ? { locale } : {}),
  };
  await deps.store.issue(
    token,
    audit(p, deps.ctx, now, sp, token.tokenId, { action: 'qr.issue', after: token }),
  );
  return view(deps, token);
}

/** 1. Checks the token's service point is in scope. 2. Revokes it (409 if it already was). */
export async function revokeQrToken(deps: QrDeps, p: Principal, tokenId: string) {
  const { token, servicePoint } = await loadToken(deps.store, p, 'qr:write', tokenId);
  requireActive(token);
  const now = deps.ctx.clock.now();
  await deps.store.revoke(
    tokenId,
    now.toISOString(),
    audit(p, deps.ctx, now, servicePoint, tokenId, {
      action: 'qr.revoke',
      before: { status: 'active' },
      after: { status: 'revoked' },
    }),
  );
  return view(deps, { ...token, status: 'revoked' });
}

/**
 * 1. Checks the token's service point is in scope and the questionnaire still bindable.
 * 2. Revokes the old token and issues a new one for the same service point and questionnaire,
 *    in one transaction: there is never a moment with two active codes or none.
 */
export async function rotateQrToken(deps: QrDeps, p: Principal, tokenId: string) {
  const { token, servicePoint } = await loadToken(deps.store, p, 'qr:write', tokenId);
  requireActive(token);
  await loadBindableQuestionnaire(deps.store, p, token.questionnaireId);
  const now = deps.ctx.clock.now();
  const next: QrTokenRecord = {
    ...token,
    tokenId: newTokenId(),
    unitId: servicePoint.parentId!,
    status: 'active',
    createdAt: now.toISOString(),
  };
  await deps.store.rotate(
    tokenId,
    next,
    audit(p, deps.ctx, now, servicePoint, tokenId, {
      action: 'qr.rotate',
      before: { tokenId, status: 'active' },
      after: { tokenId: next.tokenId, revoked: tokenId },
    }),
  );
  return { ...view(deps, next), replaced: tokenId };
}
