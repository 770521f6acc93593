/**
 * Use cases: create, list and revoke the integration keys with which a queue or transaction system
 * asks for one-time ballot tokens. A key covers a whole unit (a hall's ticket machine) or
 * one service point (a kiosk). It is shown once, at creation, and stored only as its hash; the hash
 * doubles as the key's id, since it names the key but cannot be used as one.
 */
import { authorize, type Principal, requireAction } from '../../domain/access';
import { auditEntry } from '../../domain/audit';
import { ConflictError } from '../../domain/errors';
import { newSecret, secretHash } from '../../domain/integrity/ballot-token';
import { retirementOf } from '../../domain/integrity/secret-rotation';
import type { OrgNode } from '../../domain/org';
import type { ConsoleContext } from '../console-ports';
import type {
  IntegrationSecretSettings,
  IntegrationSecretStore,
  ManagedIntegrationKeyRecord,
} from './manage-ports';
import type { IntegrationKeyRecord } from './ports';

export interface ManageIntegrationKeysDeps extends IntegrationSecretSettings {
  store: IntegrationSecretStore;
  ctx: ConsoleContext;
}

/** The nodes a key can be scoped to. */
export type KeyScopeKind = ManagedIntegrationKeyRecord['scopeKind'];

/** What the console shows of a key: never the key itself. */
export interface IntegrationKeyView {
  /** The key's fingerprint (its SHA-256 hash): identifies it, cannot authenticate. */
  id: string;
  scopeNodeId: string;
  scopeKind?: KeyScopeKind;
  label: string;
  status: 'active' | 'revoked';
  createdAt: string;
  createdBy?: string;
  revokedAt?: string;
  /** After a rotation: when this key stops working, and the id of the key that replaced it. */
  retiresAt?: string;
  rotatedTo?: string;
}

/** What creating a key returns: the only time the key leaves the server. */
export interface CreatedIntegrationKey {
  key: IntegrationKeyView;
  secret: string;
  /** Where the queue system posts `{ servicePointId, count }` with `Authorization: Bearer <secret>`. */
  endpoint: string;
}

const view = (r: IntegrationKeyRecord & Partial<ManagedIntegrationKeyRecord>): IntegrationKeyView => ({
  id: r.secretHash,
  scopeNodeId: r.scopeNodeId,
  scopeKind: r.scopeKind,
  label: r.label,
  status: r.status,
  createdAt: r.createdAt,
  createdBy: r.createdBy,
  revokedAt: r.revokedAt,
  retiresAt: r.retiresAt,
  rotatedTo: r.rotatedTo,
});

/** A unit or service point the caller may take `action` on, or 404 (absent, out of scope, other kind). */
async function loadScope(
  store: IntegrationSecretStore,
  p: Principal,
  action: 'qr:read' | 'secrets:write',
  kind: KeyScopeKind,
  id: string,
): Promise<OrgNode> {
  requireAction(p, action);
  const node = (await store.getNodes([id])).get(id);
  authorize(p, action, node?.kind === kind ? node : undefined);
  return node!;
}

const audit = (
  deps: ManageIntegrationKeysDeps,
  p: Principal,
  at: Date,
  scope: OrgNode,
  id: string,
  e: { action: string; before?: unknown; after?: unknown },
) =>
  auditEntry(p, at, deps.ctx.newId(), {
    ...e,
    targetType: 'integrationKey',
    targetId: id,
    targetName: scope.name['zh-CN'],
    targetPath: scope.path,
  });

/** 1. Checks the unit or service point is readable in scope. 2. Lists its keys, newest first, without secrets. */
export async function listIntegrationKeys(
  deps: ManageIntegrationKeysDeps,
  p: Principal,
  kind: KeyScopeKind,
  nodeId: string,
) {
  await loadScope(deps.store, p, 'qr:read', kind, nodeId);
  const items = await deps.store.listIntegrationKeys(nodeId);
  return { items: items.reverse().map(view) };
}

/**
 * 1. The unit or service point must be in scope and active.
 * 2. Draws a fresh key and stores only its hash, with the audit entry, on condition that the node is
 *    still active.
 * 3. Returns the key once, with the endpoint it is used at.
 */
export async function createIntegrationKey(
  deps: ManageIntegrationKeysDeps,
  p: Principal,
  kind: KeyScopeKind,
  nodeId: string,
  req: { label: string },
): Promise<CreatedIntegrationKey> {
  const scope = await loadScope(deps.store, p, 'secrets:write', kind, nodeId);
  if (!scope.active) {
    throw new ConflictError(
      'NODE_INACTIVE',
      '该单位或窗口已停用',
      'The unit or service point is deactivated',
    );
  }
  const secret = newSecret('ik');
  const now = deps.ctx.clock.now();
  const record: ManagedIntegrationKeyRecord = {
    secretHash: secretHash(secret),
    scopeNodeId: nodeId,
    scopeKind: kind,
    label: req.label.trim(),
    status: 'active',
    createdAt: now.toISOString(),
    createdBy: p.userId,
  };
  await deps.store.createIntegrationKey(
    record,
    audit(deps, p, now, scope, record.secretHash, {
      action: 'integrationKey.create',
      after: { label: record.label, scopeNodeId: nodeId, scopeKind: kind, status: 'active' },
    }),
  );
  return {
    key: view(record),
    secret,
    endpoint: `${deps.publicBaseUrl().replace(/\/+$/, '')}/api/v1/integrations/one-time-tokens`,
  };
}

/**
 * 1. Finds the key by id and checks its scope node is in scope (404 otherwise).
 * 2. Revokes it with its audit entry; the queue system's next request gets 401 (409 if already revoked).
 */
export async function revokeIntegrationKey(
  deps: ManageIntegrationKeysDeps,
  p: Principal,
  id: string,
): Promise<IntegrationKeyView> {
  requireAction(p, 'secrets:write');
  const key = (await deps.store.getIntegrationKey(id)) as
    | (IntegrationKeyRecord & Partial<ManagedIntegrationKeyRecord>)
    | undefined;
  const scope = key ? (await deps.store.getNodes([key.scopeNodeId])).get(key.scopeNodeId) : undefined;
  authorize(p, 'secrets:write', scope);
  const now = deps.ctx.clock.now();
  await deps.store.revokeIntegrationKey(
    id,
    now.toISOString(),
    audit(deps, p, now, scope!, id, {
      action: 'integrationKey.revoke',
      before: { status: 'active' },
      after: { status: 'revoked' },
    }),
  );
  return view({ ...key!, status: 'revoked', revokedAt: now.toISOString() });
}

/**
 * 1. Finds the key by id and checks its scope node is in scope (404 otherwise).
 * 2. Draws a successor with the same scope and label, stores it by hash, and retires the old key
 *    after ROTATION_GRACE_HOURS, with the audit entry, in one transaction: only while the old key
 *    is active and not rotated before, and the scope node is active (409 otherwise).
 * 3. Returns the successor once, as at creation; the old key keeps working until it retires.
 */
export async function rotateIntegrationKey(
  deps: ManageIntegrationKeysDeps,
  p: Principal,
  id: string,
): Promise<CreatedIntegrationKey & { retired: IntegrationKeyView }> {
  requireAction(p, 'secrets:write');
  const old = (await deps.store.getIntegrationKey(id)) as
    | (IntegrationKeyRecord & Partial<ManagedIntegrationKeyRecord>)
    | undefined;
  const scope = old ? (await deps.store.getNodes([old.scopeNodeId])).get(old.scopeNodeId) : undefined;
  authorize(p, 'secrets:write', scope);
  const secret = newSecret('ik');
  const now = deps.ctx.clock.now();
  const retiresAt = retirementOf(now);
  const record: ManagedIntegrationKeyRecord = {
    secretHash: secretHash(secret),
    scopeNodeId: old!.scopeNodeId,
    scopeKind: old!.scopeKind ?? (scope!.kind === 'unit' ? 'unit' : 'servicePoint'),
    label: old!.label,
    status: 'active',
    createdAt: now.toISOString(),
    createdBy: p.userId,
  };
  await deps.store.rotateIntegrationKey(
    id,
    record,
    retiresAt,
    audit(deps, p, now, scope!, id, {
      action: 'integrationKey.rotate',
      before: { status: 'active' },
      after: { retiresAt, rotatedTo: record.secretHash },
    }),
  );
  return {
    key: view(record),
    secret,
    endpoint: `${deps.publicBaseUrl().replace(/\/+$/, '')}/api/v1/integrations/one-time-tokens`,
    retired: view({ ...old!, retiresAt, rotatedTo: record.secretHash }),
  };
}
