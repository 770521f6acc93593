/** Console writes to the organisation tree: create, rename, move and deactivate, each audited. */
import { type Principal, requireAction } from '../../domain/access';
import { auditEntry } from '../../domain/audit';
import { ConflictError } from '../../domain/errors';
import { childPath, type OrgKind, type OrgNode, type UnitType } from '../../domain/org';
import type { LocalizedText } from '../../schemas/questionnaire';
import type { ConsoleContext, OrgStore } from '../console-ports';
import { loadNodeInScope } from './org-tree';

const CHILD_KIND: Record<OrgKind, OrgKind | undefined> = {
  province: 'city',
  city: 'county',
  county: 'unit',
  unit: 'servicePoint',
  servicePoint: undefined,
};

export interface CreateNodeInput {
  parentId: string;
  /** Required for cities and counties (their GB/T 2260 code); generated for units and service points. */
  id?: string;
  name: LocalizedText;
  unitType?: UnitType;
}

const wrongKind = () =>
  new ConflictError('WRONG_PARENT_KIND', '上级节点类型不符', 'This kind of node cannot go under that parent');

/** Next free id under a parent: units `{county}{nnn}`, service points `{unit}-{nn}`. */
function nextId(parent: OrgNode, siblings: readonly OrgNode[]): string {
  const width = parent.kind === 'county' ? 3 : 2;
  const sep = parent.kind === 'county' ? '' : '-';
  const used = siblings.map((s) => Number(s.id.slice(parent.id.length + sep.length))).filter(Number.isFinite);
  return `${parent.id}${sep}${String(Math.max(0, ...used) + 1).padStart(width, '0')}`;
}

/**
 * 1. Checks the role may change the tree and the parent is in scope.
 * 2. Derives the kind from the parent; cities and counties need their official code, units a type.
 * 3. Creates the node with its audit entry (409 if the id is taken).
 */
export async function createNode(store: OrgStore, ctx: ConsoleContext, p: Principal, input: CreateNodeInput) {
  const parent = await loadNodeInScope(store, p, 'org:write', input.parentId);
  const kind = CHILD_KIND[parent.kind];
  if (!kind || !parent.active) throw wrongKind();
  if ((kind === 'city' || kind === 'county') && !input.id) {
    throw new ConflictError(
      'CODE_REQUIRED',
      '市、县须填写行政区划代码',
      'Cities and counties need their GB/T 2260 code',
    );
  }
  if (kind === 'unit' && !input.unitType) {
    throw new ConflictError('UNIT_TYPE_REQUIRED', '请选择单位类型', 'Choose the unit type');
  }
  const id = input.id ?? nextId(parent, await store.children(parent.id));
  const node: OrgNode = {
    id,
    kind,
    parentId: parent.id,
    path: childPath(parent, id),
    name: input.name,
    unitType: kind === 'unit' ? input.unitType : undefined,
    active: true,
  };
  await store.create(
    node,
    auditEntry(p, ctx.clock.now(), ctx.newId(), {
      action: 'org.create',
      targetType: 'org',
      targetName: node.name['zh-CN'],
      targetId: id,
      targetPath: node.path,
      after: node,
    }),
  );
  return node;
}

/** Renames a node in scope. */
export async function renameNode(
  store: OrgStore,
  ctx: ConsoleContext,
  p: Principal,
  id: string,
  name: LocalizedText,
) {
  const before = await loadNodeInScope(store, p, 'org:write', id);
  const after = { ...before, name };
  await store.update(
    [after],
    [],
    auditEntry(p, ctx.clock.now(), ctx.newId(), {
      action: 'org.rename',
      targetType: 'org',
      targetName: name['zh-CN'],
      targetId: id,
      targetPath: before.path,
      before: { name: before.name },
      after: { name },
    }),
  );
  return after;
}

/** Deactivates a node in scope: its forms stop accepting answers; nothing is deleted. */
export async function deactivateNode(store: OrgStore, ctx: ConsoleContext, p: Principal, id: string) {
  const before = await loadNodeInScope(store, p, 'org:write', id);
  if (before.id === p.scopeId) {
    throw new ConflictError('OWN_SCOPE', '不能停用自己所在的节点', 'You cannot deactivate your own scope');
  }
  const after = { ...before, active: false };
  await store.update(
    [after],
    [],
    auditEntry(p, ctx.clock.now(), ctx.newId(), {
      action: 'org.deactivate',
      targetType: 'org',
      targetName: before.name['zh-CN'],
      targetId: id,
      targetPath: before.path,
      before: { active: before.active },
      after: { active: false },
    }),
  );
  return after;
}

/**
 * 1. Loads the node and the new parent, both in scope; the parent must be of the kind above.
 * 2. Rewrites the paths of the node and its whole subtree.
 * 3. Re-points QR tokens of moved service points at their (possibly new) unit.
 * 4. Writes everything and the audit entry in one transaction.
 */
export async function moveNode(
  store: OrgStore,
  ctx: ConsoleContext,
  p: Principal,
  id: string,
  newParentId: string,
) {
  requireAction(p, 'org:write');
  const node = await loadNodeInScope(store, p, 'org:write', id);
  const parent = await loadNodeInScope(store, p, 'org:write', newParentId);
  if (CHILD_KIND[parent.kind] !== node.kind || !parent.active) throw wrongKind();
  if (parent.path.split('/').includes(node.id)) throw wrongKind();
  const moved: OrgNode = { ...node, parentId: parent.id, path: childPath(parent, node.id) };
  const below = await store.descendants(node.path);
  const rewritten = below.map((d) => ({ ...d, path: moved.path + d.path.slice(node.path.length) }));
  const servicePoints = [moved, ...rewritten].filter((n) => n.kind === 'servicePoint');
  const tokens = (await Promise.all(servicePoints.map((sp) => store.tokensOf(sp.id))))
    .flat()
    .map((t) => ({ ...t, unitId: [moved, ...rewritten].find((n) => n.id === t.servicePointId)!.parentId! }));
  await store.update(
    [moved, ...rewritten],
    tokens,
    auditEntry(p, ctx.clock.now(), ctx.newId(), {
      action: 'org.move',
      targetType: 'org',
      targetName: node.name['zh-CN'],
      targetId: id,
      targetPath: moved.path,
      before: { parentId: node.parentId, path: node.path },
      after: { parentId: parent.id, path: moved.path },
    }),
  );
  return moved;
}
