/**
 * Who may do what, where. A principal's role gives a set of actions; its scope (a node of the
 * organisation tree, always taken from the verified token) bounds where it may take them.
 */
import { AppError } from './errors';
import { isWithin } from './org';

export const ROLES = [
  'province_admin',
  'city_admin',
  'county_admin',
  'unit_staff',
  'agency_analyst',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { 'zh-CN': string; en: string }> = {
  province_admin: { 'zh-CN': '省厅管理员', en: 'Province administrator' },
  city_admin: { 'zh-CN': '市局管理员', en: 'City administrator' },
  county_admin: { 'zh-CN': '县局管理员', en: 'County administrator' },
  unit_staff: { 'zh-CN': '基层单位民警', en: 'Unit staff' },
  agency_analyst: { 'zh-CN': '第三方测评机构分析员', en: 'Survey agency analyst' },
  auditor: { 'zh-CN': '审计员', en: 'Auditor' },
};

export type Action =
  | 'org:read'
  | 'org:write'
  | 'questionnaire:read'
  | 'questionnaire:write'
  | 'qr:read'
  | 'qr:write'
  | 'response:read'
  | 'dashboard:read'
  | 'export:read'
  | 'audit:read'
  /** Follow-up cases: read, handle; decide appeals (province reviewers only). */
  | 'case:read'
  | 'case:write'
  | 'appeal:decide'
  /** Third-party campaigns: set up and publish; read results; upload interviews (agencies). */
  | 'campaign:manage'
  | 'campaign:read'
  | 'campaign:upload'
  /** Ballot-integrity report and the quarantine review queue: province (and auditors) only. */
  | 'integrity:read'
  /** Release or reject a quarantined ballot: province admins only, never the rated unit. */
  | 'quarantine:review'
  /** Score mapping and ballot-integrity settings: province only, never the rated unit. */
  | 'settings:write'
  /** Counts and scores as they stand now; below the province they stop at a cut-off. */
  | 'figures:live'
  /**
   * Secrets that let a device or system put ballots in a window's count (window display secrets,
   * business-system integration keys): issued, rotated and revoked above the unit only.
   */
  | 'secrets:write';

const READ: Action[] = [
  'org:read',
  'questionnaire:read',
  'qr:read',
  'response:read',
  'dashboard:read',
  'export:read',
  'case:read',
  'campaign:read',
];
const MANAGE: Action[] = [...READ, 'questionnaire:write', 'qr:write', 'case:write'];

/**
 * Admins manage their subtree; unit staff manage their unit's questionnaires and QR codes but
 * not the tree, nor the display secrets and integration keys that feed their own count; auditors read everything in scope including the audit trail and change nothing;
 * agency analysts see none of the console but uploads to the campaign that commissioned them.
 * Appeals are decided and campaigns run at province level only: never by the rated unit.
 */
const ROLE_ACTIONS: Record<Role, ReadonlySet<Action>> = {
  province_admin: new Set([
    ...MANAGE,
    'org:write',
    'audit:read',
    'appeal:decide',
    'campaign:manage',
    'integrity:read',
    'quarantine:review',
    'settings:write',
    'figures:live',
    'secrets:write',
  ]),
  city_admin: new Set([...MANAGE, 'org:write', 'audit:read', 'secrets:write']),
  county_admin: new Set([...MANAGE, 'org:write', 'audit:read', 'secrets:write']),
  unit_staff: new Set(MANAGE),
  agency_analyst: new Set(['campaign:upload']),
  auditor: new Set([...READ, 'audit:read', 'integrity:read', 'figures:live']),
};

/** A signed-in staff member, built from a verified token and the directory. */
export interface Principal {
  userId: string;
  name: string;
  role: Role;
  /** The node the token scopes the user to. */
  scopeId: string;
  /** That node's path, from the directory (so moving a node moves its staff's reach with it). */
  scopePath: string;
}

export class UnauthorizedError extends AppError {
  readonly code = 'UNAUTHORIZED';
  readonly status = 401;
  constructor() {
    super('请先登录，或登录已过期', 'Sign-in required or expired');
  }
}

export class ForbiddenError extends AppError {
  readonly code = 'FORBIDDEN';
  readonly status = 403;
  constructor() {
    super('您的角色无权执行此操作', 'Your role may not do this');
  }
}

/** Out of scope answers like "not there", so ids outside one's subtree reveal nothing. */
export class OutOfScopeError extends AppError {
  readonly code = 'NOT_FOUND';
  readonly status = 404;
  constructor() {
    super('对象不存在或不在您的管理范围内', 'Not found or outside your scope');
  }
}

export const roleAllows = (role: Role, action: Action): boolean => ROLE_ACTIONS[role].has(action);

/** Throws unless the role may take the action at all (checked before anything is read). */
export function requireAction(p: Principal, action: Action): void {
  if (!roleAllows(p.role, action)) throw new ForbiddenError();
}

/** True when `path` lies within the principal's subtree. */
export const inScope = (p: Principal, target: { path: string }): boolean => isWithin(target, p.scopeId);

/** Throws unless the principal may take `action` on an object at `target.path`. */
export function authorize(p: Principal, action: Action, target: { path: string } | undefined): void {
  requireAction(p, action);
  if (!target || !inScope(p, target)) throw new OutOfScopeError();
}

/**
 * Questionnaires owned higher up (e.g. a province-wide one) are readable below, so that a unit
 * can bind its QR codes to them; only the owner's subtree may change them.
 */
export function authorizeQuestionnaire(p: Principal, action: Action, ownerPath: string | undefined): void {
  requireAction(p, action);
  if (!ownerPath) throw new OutOfScopeError();
  const owns = isWithin({ path: ownerPath }, p.scopeId);
  const inherits = p.scopePath.split('/').includes(ownerPath.split('/').pop()!);
  if (!(owns || (action === 'questionnaire:read' && inherits))) throw new OutOfScopeError();
}
