/**
 * Use cases: create, list and revoke the window displays of a service point. A display
 * shows the rotating QR code; it authenticates with a secret that is shown once, at creation, and
 * stored only as its hash. The hash doubles as the display's id: it names the secret but cannot
 * stand in for it, because the public API hashes whatever bearer it is given.
 */
import { authorize, type Principal, requireAction } from '../../domain/access';
import { auditEntry } from '../../domain/audit';
import { ConflictError } from '../../domain/errors';
import { newSecret, secretHash } from '../../domain/integrity/ballot-token';
import { retirementOf } from '../../domain/integrity/secret-rotation';
import type { OrgNode } from '../../domain/org';
import type { ConsoleContext } from '../console-ports';
import type { IntegrationSecretSettings, IntegrationSecretStore, ManagedDisplayRecord } from './manage-ports';
import type { DisplayRecord } from './ports';

export interface ManageDisplaysDeps extends IntegrationSecretSettings {
  store: IntegrationSecretStore;
  ctx: ConsoleContext;
}

/** What the console shows of a display: never its secret. */
export interface DisplayView {
  /** The secret's fingerprint (its SHA-256 hash): identifies the display, cannot authenticate. */
  id: string;
  servicePointId: string;
  /** The static QR token whose rotating codes the display shows. */
  tokenId: string;
  label: string;
  status: 'active' | 'revoked';
  createdAt: string;
  createdBy?: string;
  revokedAt?: string;
  /** After a rotation: when this secret stops working, and the id of the display that replaced it. */
  retiresAt?: string;
  rotatedTo?: string;
}

/** What creating a display returns: the only time the secret leaves the server. */
export interface CreatedDisplay {
  display: DisplayView;
  secret: string;
  /** Open this full-screen on the window's display; the secret travels in the fragment, never to logs. */
  displayUrl: string;
}

const view = (r: DisplayRecord & Partial<ManagedDisplayRecord>): DisplayView => ({
  id: r.secretHash,
  servicePointId: r.servicePointId,
  tokenId: r.tokenId,
  label: r.label ?? '',
  status: r.status,
  createdAt: r.createdAt,
  createdBy: r.createdBy,
  revokedAt: r.revokedAt,
  retiresAt: r.retiresAt,
  rotatedTo: r.rotatedTo,
});

/**
 * The display page's URL for a secret. Where the CDN cannot rewrite directory URLs (the China
 * target serves the form at `/f/index.html`), the display page is addressed the same way.
 */
export function displayPageUrl(settings: IntegrationSecretSettings, secret: string): string {
  const path = settings.formPath?.endsWith('index.html') ? '/d/index.html' : '/d/';
  return `${settings.publicBaseUrl().replace(/\/+$/, '')}${path}#secret=${encodeURIComponent(secret)}`;
}

/** A service point the caller may take `action` on, or 404 (absent, out of scope, not a service point). */
async function loadServicePoint(
  store: IntegrationSecretStore,
  p: Principal,
  action: 'qr:read' | 'secrets:write',
  id: string,
): Promise<OrgNode> {
  requireAction(p, action);
  const node = (await store.getNodes([id])).get(id);
  authorize(p, action, node?.kind === 'servicePoint' ? node : undefined);
  return node!;
}

const audit = (
  deps: ManageDisplaysDeps,
  p: Principal,
  at: Date,
  sp: OrgNode,
  id: string,
  e: { action: string; before?: unknown; after?: unknown },
) =>
  auditEntry(p, at, deps.ctx.newId(), {
    ...e,
    targetType: 'display',
    targetId: id,
    targetName: sp.name['zh-CN'],
    targetPath: sp.path,
  });

/** 1. Checks the service point is readable in scope. 2. Lists its displays, newest first, without secrets. */
export async function listDisplays(deps: ManageDisplaysDeps, p: Principal, servicePointId: string) {
  await loadServicePoint(deps.store, p, 'qr:read', servicePointId);
  const items = await deps.store.listDisplays(servicePointId);
  return { items: items.reverse().map(view) };
}

/**
 * 1. The service point must be in scope and active.
 * 2. The display is bound to the service point's static QR token: the one asked for, or its newest
 *    active one; there must be one (issue a QR code first).
 * 3. Draws a fresh secret and stores only its hash, with the audit entry, on condition that the
 *    service point and the token are still active.
 * 4. Returns the secret once, with the URL to open on the display.
 */
export async function createDisplay(
  deps: ManageDisplaysDeps,
  p: Principal,
  servicePointId: string,
  req: { label?: string; tokenId?: string },
): Promise<CreatedDisplay> {
  const sp = await loadServicePoint(deps.store, p, 'secrets:write', servicePointId);
  if (!sp.active) {
    throw new ConflictError('SERVICE_POINT_INACTIVE', '服务窗口已停用', 'The service point is deactivated');
  }
  const active = (await deps.store.tokensOf(servicePointId)).filter((t) => t.status === 'active');
  const token = req.tokenId ? active.find((t) => t.tokenId === req.tokenId) : active.at(-1);
  if (!token) {
    throw new ConflictError(
      'NO_ACTIVE_QR_TOKEN',
      '该窗口没有有效的二维码，请先生成二维码',
      'This service point has no active QR code; issue one first',
    );
  }
  const secret = newSecret('ds');
  const now = deps.ctx.clock.now();
  const record: ManagedDisplayRecord = {
    secretHash: secretHash(secret),
    servicePointId,
    unitId: token.unitId,
    tokenId: token.tokenId,
    label: req.label?.trim() || `${sp.name['zh-CN']} 显示屏`,
    status: 'active',
    createdAt: now.toISOString(),
    createdBy: p.userId,
  };
  await deps.store.createDisplay(
    record,
    audit(deps, p, now, sp, record.secretHash, {
      action: 'display.create',
      after: { label: record.label, tokenId: record.tokenId, status: 'active' },
    }),
  );
  return { display: view(record), secret, displayUrl: displayPageUrl(deps, secret) };
}

/**
 * 1. Finds the display by id and checks its service point is in scope (404 otherwise).
 * 2. Revokes it with its audit entry; the display's next renewal gets 401 (409 if already revoked).
 */
export async function revokeDisplay(
  deps: ManageDisplaysDeps,
  p: Principal,
  id: string,
): Promise<DisplayView> {
  requireAction(p, 'secrets:write');
  const display = (await deps.store.getDisplay(id)) as
    | (DisplayRecord & Partial<ManagedDisplayRecord>)
    | undefined;
  const sp = display
    ? (await deps.store.getNodes([display.servicePointId])).get(display.servicePointId)
    : undefined;
  authorize(p, 'secrets:write', sp);
  const now = deps.ctx.clock.now();
  await deps.store.revokeDisplay(
    id,
    now.toISOString(),
    audit(deps, p, now, sp!, id, {
      action: 'display.revoke',
      before: { status: 'active' },
      after: { status: 'revoked' },
    }),
  );
  return view({ ...display!, status: 'revoked', revokedAt: now.toISOString() });
}

/**
 * 1. Finds the display by id and checks its service point is in scope (404 otherwise).
 * 2. Draws a successor for the same service point and label, bound to the same QR token while it
 *    is active (else the newest active one), and retires the old secret after
 *    ROTATION_GRACE_HOURS, with the audit entry, in one transaction: only while the old one is
 *    active and not rotated before, and the service point and token are active (409 otherwise).
 * 3. Returns the successor's secret and display URL once; the old display works until it retires.
 */
export async function rotateDisplay(
  deps: ManageDisplaysDeps,
  p: Principal,
  id: string,
): Promise<CreatedDisplay & { retired: DisplayView }> {
  requireAction(p, 'secrets:write');
  const old = (await deps.store.getDisplay(id)) as
    | (DisplayRecord & Partial<ManagedDisplayRecord>)
    | undefined;
  const sp = old ? (await deps.store.getNodes([old.servicePointId])).get(old.servicePointId) : undefined;
  authorize(p, 'secrets:write', sp);
  const active = (await deps.store.tokensOf(old!.servicePointId)).filter((t) => t.status === 'active');
  const token = active.find((t) => t.tokenId === old!.tokenId) ?? active.at(-1);
  const secret = newSecret('ds');
  const now = deps.ctx.clock.now();
  const retiresAt = retirementOf(now);
  const record: ManagedDisplayRecord = {
    secretHash: secretHash(secret),
    servicePointId: old!.servicePointId,
    unitId: token?.unitId ?? old!.unitId ?? '',
    tokenId: token?.tokenId ?? old!.tokenId,
    label: old!.label ?? `${sp!.name['zh-CN']} 显示屏`,
    status: 'active',
    createdAt: now.toISOString(),
    createdBy: p.userId,
  };
  await deps.store.rotateDisplay(
    id,
    record,
    retiresAt,
    audit(deps, p, now, sp!, id, {
      action: 'display.rotate',
      before: { status: 'active' },
      after: { retiresAt, rotatedTo: record.secretHash },
    }),
  );
  return {
    display: view(record),
    secret,
    displayUrl: displayPageUrl(deps, secret),
    retired: view({ ...old!, retiresAt, rotatedTo: record.secretHash }),
  };
}
