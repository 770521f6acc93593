/** The audit trail: who changed what, when, with the values before and after. Append-only. */
import type { Principal } from './access';

export interface AuditEntry {
  id: string;
  at: string;
  actor: { userId: string; name: string; role: string };
  /** Verb, e.g. `org.rename`, `questionnaire.publish`, `qr.revoke`. */
  action: string;
  targetType: string;
  targetId: string;
  /** What a reader calls the target (a title or name, zh-CN) at the time of the change. */
  targetName?: string;
  /** Org path the target belongs to, so auditors see their own subtree only. */
  targetPath: string;
  before?: unknown;
  after?: unknown;
}

/** Builds an entry for a write done by `p`. */
export function auditEntry(
  p: Principal,
  at: Date,
  id: string,
  e: Omit<AuditEntry, 'id' | 'at' | 'actor'>,
): AuditEntry {
  return { id, at: at.toISOString(), actor: { userId: p.userId, name: p.name, role: p.role }, ...e };
}

type Label = { 'zh-CN': string; en: string };

/** What each audited action is called, for readers of the trail. */
export const AUDIT_ACTION_LABELS: Record<string, Label> = {
  'appeal.file': { 'zh-CN': '提出申诉', en: 'Appeal filed' },
  'appeal.upheld': { 'zh-CN': '申诉成立', en: 'Appeal upheld' },
  'appeal.rejected': { 'zh-CN': '申诉驳回', en: 'Appeal rejected' },
  'campaign.create': { 'zh-CN': '创建测评活动', en: 'Campaign created' },
  'campaign.publish': { 'zh-CN': '发布测评结果', en: 'Results published' },
  'campaign.reopen': { 'zh-CN': '开启更正', en: 'Correction opened' },
  'campaign.upload.withdraw': { 'zh-CN': '撤回测评数据', en: 'Upload withdrawn' },
  'case.open': { 'zh-CN': '建立工单', en: 'Case opened' },
  'case.accept': { 'zh-CN': '受理工单', en: 'Case accepted' },
  'case.start': { 'zh-CN': '开始办理', en: 'Work started' },
  'case.transfer': { 'zh-CN': '转办', en: 'Case transferred' },
  'case.acknowledge_transfer': { 'zh-CN': '确认接收转办', en: 'Transfer acknowledged' },
  'case.request_coordination': { 'zh-CN': '请求协办', en: 'Coordination requested' },
  'case.acknowledge_coordination': { 'zh-CN': '确认协办', en: 'Coordination acknowledged' },
  'case.coordination_done': { 'zh-CN': '协办完成', en: 'Coordination done' },
  'case.resolve': { 'zh-CN': '办结', en: 'Case resolved' },
  'case.callback': { 'zh-CN': '回访', en: 'Callback recorded' },
  'case.close': { 'zh-CN': '关闭工单', en: 'Case closed' },
  'case.contact.reveal': { 'zh-CN': '查看群众联系方式', en: 'Contact revealed' },
  'display.create': { 'zh-CN': '登记评价器', en: 'Display registered' },
  'display.revoke': { 'zh-CN': '停用评价器', en: 'Display revoked' },
  'display.rotate': { 'zh-CN': '轮换评价器密钥', en: 'Display secret rotated' },
  'integrationKey.create': { 'zh-CN': '签发接口密钥', en: 'Integration key issued' },
  'integrationKey.revoke': { 'zh-CN': '吊销接口密钥', en: 'Integration key revoked' },
  'integrationKey.rotate': { 'zh-CN': '轮换接口密钥', en: 'Integration key rotated' },
  'quarantine.release': { 'zh-CN': '隔离评价放行', en: 'Quarantined ballot released' },
  'quarantine.reject': { 'zh-CN': '隔离评价驳回', en: 'Quarantined ballot rejected' },
  'org.create': { 'zh-CN': '新建机构', en: 'Organisation created' },
  'org.deactivate': { 'zh-CN': '停用机构', en: 'Organisation deactivated' },
  'org.move': { 'zh-CN': '调整隶属', en: 'Organisation moved' },
  'org.rename': { 'zh-CN': '机构改名', en: 'Organisation renamed' },
  'qr.issue': { 'zh-CN': '生成二维码', en: 'QR code issued' },
  'qr.revoke': { 'zh-CN': '作废二维码', en: 'QR code revoked' },
  'qr.rotate': { 'zh-CN': '更换二维码', en: 'QR code rotated' },
  'questionnaire.archive': { 'zh-CN': '归档问卷', en: 'Questionnaire archived' },
  'questionnaire.create': { 'zh-CN': '新建问卷', en: 'Questionnaire created' },
  'questionnaire.edit': { 'zh-CN': '修改问卷草稿', en: 'Draft edited' },
  'questionnaire.new_version': { 'zh-CN': '新建问卷版本', en: 'New version' },
  'questionnaire.publish': { 'zh-CN': '发布问卷', en: 'Questionnaire published' },
  'province.settings': { 'zh-CN': '修改评分与真实性设置', en: 'Scoring and integrity settings changed' },
  'reach.settings': { 'zh-CN': '修改邀评与推送设置', en: 'Invitation and push settings changed' },
  'visit.qr.issue': { 'zh-CN': '生成走访二维码', en: 'Visit QR code issued' },
  'visit.qr.revoke': { 'zh-CN': '作废走访二维码', en: 'Visit QR code revoked' },
  'visit.record': { 'zh-CN': '登记走访', en: 'Visit recorded' },
};

/** What each kind of audited target is called. */
export const AUDIT_TARGET_LABELS: Record<string, Label> = {
  campaign: { 'zh-CN': '测评活动', en: 'Campaign' },
  case: { 'zh-CN': '工单', en: 'Case' },
  display: { 'zh-CN': '评价器', en: 'Display' },
  integrationKey: { 'zh-CN': '接口密钥', en: 'Integration key' },
  org: { 'zh-CN': '机构', en: 'Organisation' },
  province: { 'zh-CN': '省厅', en: 'Province' },
  qr: { 'zh-CN': '二维码', en: 'QR code' },
  questionnaire: { 'zh-CN': '问卷', en: 'Questionnaire' },
  response: { 'zh-CN': '评价', en: 'Ballot' },
  visit: { 'zh-CN': '走访', en: 'Visit' },
};
